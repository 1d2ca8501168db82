// What a pod takes from its node beyond its own sandbox: the node's network,
// process or IPC namespace, a directory of the node's filesystem (hostPath),
// or a Linux capability beyond the Pod Security Standards' Baseline set.
import * as path from "node:path";
import { list, record, text, type PropertyMap } from "./values";

/**
 * Capabilities the Baseline profile lets a container add: the container
 * runtime's default set without NET_RAW. Anything else (SYS_ADMIN, NET_ADMIN,
 * SYS_PTRACE, SYS_MODULE, BPF, ALL, ...) reaches past the container.
 */
const BASELINE_CAPABILITIES: readonly string[] = [
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
  "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
];

const NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

/** One kind of host access. */
export type HostAccess =
  | { kind: "namespace"; name: (typeof NAMESPACES)[number] }
  | { kind: "hostPath"; path: string }
  | { kind: "capability"; name: string };

/** How a message names an access. */
export function accessText(a: HostAccess): string {
  return a.kind === "namespace" ? a.name : a.kind === "hostPath" ? `hostPath ${a.path}` : `capability ${a.name}`;
}

/**
 * True when `granted` covers `asked`: the same namespace or capability, or a
 * hostPath at or under a granted directory (after `..` is resolved).
 */
export function grants(granted: readonly HostAccess[], asked: HostAccess): boolean {
  return granted.some((g) => {
    if (g.kind !== "hostPath") return asked.kind !== "hostPath" && asked.kind === g.kind && asked.name === g.name;
    if (asked.kind !== "hostPath") return false;
    const dir = path.posix.normalize(g.path).replace(/\/+$/, "");
    const want = path.posix.normalize(asked.path).replace(/\/+$/, "");
    return want === dir || want.startsWith(`${dir}/`);
  });
}

/** Added capabilities beyond Baseline, named as the runtime reads them (`cap_sys_admin` is SYS_ADMIN). */
function capabilitiesBeyondBaseline(add: unknown): HostAccess[] {
  return list(add)
    .filter((c): c is string => typeof c === "string")
    .map((c) => c.toUpperCase().replace(/^CAP_/, ""))
    .filter((c) => !BASELINE_CAPABILITIES.includes(c))
    .map((name) => ({ kind: "capability" as const, name }));
}

/** One container of a pod and the capabilities beyond Baseline it adds. */
export interface ContainerAccess {
  name: string;
  image: string;
  capabilities: HostAccess[];
}

/** What a pod spec takes from its node: pod-wide access, and per container its capabilities. */
export function hostAccessOfPod(spec: PropertyMap): { pod: HostAccess[]; containers: ContainerAccess[] } {
  const pod: HostAccess[] = NAMESPACES.filter((n) => spec[n] === true || spec[n] === "true").map((name) => ({ kind: "namespace", name }));
  for (const v of list(spec.volumes)) {
    const hostPath = record(record(v)?.hostPath);
    if (hostPath) pod.push({ kind: "hostPath", path: text(hostPath.path) ?? "" });
  }
  const containers = [...list(spec.initContainers), ...list(spec.containers), ...list(spec.ephemeralContainers)].map((c, i) => {
    const obj = record(c) ?? {};
    return {
      name: text(obj.name) ?? `#${i}`,
      image: text(obj.image) ?? "",
      capabilities: capabilitiesBeyondBaseline(record(record(obj.securityContext)?.capabilities)?.add),
    };
  });
  return { pod, containers };
}

/**
 * Host access that Helm values ask for anywhere: `hostNetwork`/`hostPID`/
 * `hostIPC: true`, a `hostPath` (volume form `{path}` or a bare path, as
 * some charts' extra-volume lists take it) and `capabilities.add`.
 */
export function hostAccessInValues(values: unknown): { path: string; access: HostAccess }[] {
  const found: { path: string; access: HostAccess }[] = [];
  const visit = (v: unknown, at: string): void => {
    list(v).forEach((x, i) => visit(x, `${at}[${i}]`));
    const obj = record(v);
    if (!obj) return;
    for (const [key, x] of Object.entries(obj)) {
      const here = at ? `${at}.${key}` : key;
      const namespace = NAMESPACES.find((n) => n === key);
      if (namespace && (x === true || x === "true")) found.push({ path: here, access: { kind: "namespace", name: namespace } });
      else if (key === "hostPath" && (typeof x === "string" || record(x))) {
        found.push({ path: here, access: { kind: "hostPath", path: typeof x === "string" ? x : text(record(x)!.path) ?? "" } });
      } else if (key === "capabilities" && record(x)) {
        for (const access of capabilitiesBeyondBaseline(record(x)!.add)) found.push({ path: `${here}.add`, access });
      } else visit(x, here);
    }
  };
  visit(values, "");
  return found;
}
