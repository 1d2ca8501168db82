// pinnedRelease under mocks: where a chart comes from and which credentials go with it.
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { beforeAll, describe, expect, it } from "vitest";
import { platformMocks } from "../../infra/plan/mocks";

/** How a secret value travels to the engine: a signature marks it secret. */
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

/** Release inputs by name, as the SDK sends them to the engine (nested secrets stay nested). */
const sent = new Map<string, Record<string, unknown>>();
const release = (name: string): Record<string, unknown> => {
  const inputs = sent.get(name);
  if (!inputs) throw new Error(`no release ${name} was registered`);
  return inputs;
};

interface WireRequest { getType(): string; getName(): string; getObject(): { toJavaScript(): Record<string, unknown> } | undefined }
interface MonitorLike { registerResource(req: WireRequest, cb: (err: unknown, resp?: unknown) => void): void }

beforeAll(async () => {
  await pulumi.runtime.setMocks(platformMocks(() => "cn-north-1"), "project", "stack", false);
  // The mock monitor lifts nested secrets to the top property; read the request before it does.
  const monitor = (pulumi.runtime as unknown as { getMonitor(): MonitorLike }).getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    if (req.getType() === "kubernetes:helm.sh/v3:Release") sent.set(req.getName(), req.getObject()?.toJavaScript() ?? {});
    register(req, cb);
  };
  const { pinnedRelease } = await import("../../components/lib/helm");
  const provider = new KubernetesProvider("k8s", { kubeconfig: "{}" });
  const source = { chart: "demo", version: "1.2.3", repository: "https://charts.example.com" };
  const registryAuth = { username: "AWS", password: "token-1" };
  const common = { source, namespace: "kube-system", values: {} };
  pinnedRelease("oci-auth", { ...common, chartMirror: "oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts/", registryAuth }, { provider });
  pinnedRelease("oci-anonymous", { ...common, chartMirror: "oci://registry.example.com/charts" }, { provider });
  pinnedRelease("https-auth", { ...common, chartMirror: "https://mirror.example.cn/charts", registryAuth }, { provider });
  pinnedRelease("upstream", { ...common, registryAuth }, { provider });
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
});

describe("pinnedRelease", () => {
  it("pulls an oci:// mirror's chart with the registry credentials, the password secret", () => {
    expect(release("oci-auth")).toMatchObject({
      chart: "oci://111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/charts/demo",
      version: "1.2.3",
      repositoryOpts: { username: "AWS", password: secret("token-1") },
      atomic: true,
    });
  });

  it("sends no credentials to an anonymous oci:// mirror", () => {
    expect(release("oci-anonymous").chart).toBe("oci://registry.example.com/charts/demo");
    expect(release("oci-anonymous").repositoryOpts).toBeUndefined();
  });

  it("logs in to an https mirror with basic authentication", () => {
    expect(release("https-auth")).toMatchObject({ chart: "demo", repositoryOpts: { repo: "https://mirror.example.cn/charts", username: "AWS", password: secret("token-1") } });
  });

  it("never sends a mirror's credentials to the upstream repository", () => {
    expect(release("upstream").repositoryOpts).toEqual({ repo: "https://charts.example.com" });
  });
});
