// The checks of the Kubernetes Pod Security Standards' `restricted` profile (baseline included), on a pod spec
// as registered: what the `inference` namespace's admission enforces, so a violation fails here and not at apply.

type Obj = Record<string, any>;

const ALLOWED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
const SAFE_SYSCTLS = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range"];

/** Every violation of `restricted` in `spec` (empty when the pod would be admitted). */
export function restrictedViolations(spec: Obj): string[] {
  const found: string[] = [];
  const pod = spec.securityContext ?? {};
  const containers: Obj[] = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
  // Baseline.
  for (const ns of ["hostNetwork", "hostPID", "hostIPC"]) if (spec[ns] === true) found.push(`${ns} is true`);
  for (const v of spec.volumes ?? []) {
    const kind = Object.keys(v).find((k) => k !== "name");
    if (!kind || !ALLOWED_VOLUMES.includes(kind)) found.push(`volume ${v.name} is ${kind}`);
  }
  for (const s of pod.sysctls ?? []) if (!SAFE_SYSCTLS.includes(s.name)) found.push(`sysctl ${s.name}`);
  const seccompOk = (p: Obj | undefined) => p?.type === "RuntimeDefault" || p?.type === "Localhost";
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    if (sc.privileged === true) found.push(`${c.name}: privileged`);
    for (const p of c.ports ?? []) if (p.hostPort) found.push(`${c.name}: hostPort ${p.hostPort}`);
    if (sc.procMount && sc.procMount !== "Default") found.push(`${c.name}: procMount ${sc.procMount}`);
    // Restricted.
    if (sc.allowPrivilegeEscalation !== false) found.push(`${c.name}: allowPrivilegeEscalation is not false`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) found.push(`${c.name}: capabilities do not drop ALL`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== "NET_BIND_SERVICE") found.push(`${c.name}: adds capability ${cap}`);
    const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    if (nonRoot !== true) found.push(`${c.name}: runAsNonRoot is not true`);
    if ((sc.runAsUser ?? pod.runAsUser) === 0) found.push(`${c.name}: runAsUser is 0`);
    if (!seccompOk(sc.seccompProfile ?? pod.seccompProfile)) found.push(`${c.name}: seccomp profile is not RuntimeDefault or Localhost`);
  }
  if (pod.runAsUser === 0) found.push("pod: runAsUser is 0");
  return found;
}
