// What ModelWeights registers under the project's mocks: inputs from the mocks, and the resource options
// (protect, retainOnDelete, dependencies) from the wire, which the mocks' callback does not see.
import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { expect } from "vitest";
import { recordRegistrations, valueOf, waitForRPCs } from "../support/components";

/** Resource options as the engine receives them. */
export interface SentOptions {
  protect: boolean;
  retainOnDelete: boolean;
  /** URNs this resource waits for. */
  dependencies: string[];
}

interface WireRequest {
  getType(): string; getName(): string; getProtect(): boolean; getRetainondelete(): boolean; getDependenciesList(): string[];
}
interface MonitorLike {
  registerResource(req: WireRequest, cb: (err: unknown, resp?: { getUrn(): string }) => void): void;
}

/** Everything registered so far, with lookups by type and name. */
export interface Recorder {
  registered: pulumi.runtime.MockResourceArgs[];
  providers: { aws: AwsProvider; kubernetes: KubernetesProvider };
  /** Inputs of the one resource of `type` named `name`. */
  one(type: string, name: string): Record<string, any>;
  /** Options the engine got for the one resource of `type` named `name`. */
  options(type: string, name: string): SentOptions;
  /** URN of the one resource of `type` named `name`. */
  urn(type: string, name: string): string;
  /** Resources `build` registered, apart from ModelWeights itself; empty when it refused before any child. */
  childrenOf(build: () => void): Promise<pulumi.runtime.MockResourceArgs[]>;
}


/** Installs the mocks for `awsRegion` and providers bound to it. */
export async function recorder(awsRegion: string): Promise<Recorder> {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  await recordRegistrations(registered, awsRegion);
  const sent = new Map<string, SentOptions & { urn: string }>();
  const monitor = (pulumi.runtime as unknown as { getMonitor(): MonitorLike }).getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => register(req, (err, resp) => {
    if (!err && resp) {
      sent.set(`${req.getType()}::${req.getName()}`, {
        urn: resp.getUrn(), protect: req.getProtect(), retainOnDelete: req.getRetainondelete(), dependencies: req.getDependenciesList(),
      });
    }
    cb(err, resp);
  });
  const providers = { aws: new AwsProvider("aws", { region: awsRegion }), kubernetes: new KubernetesProvider("k8s", { kubeconfig: "{}" }) };
  const sentFor = (type: string, name: string) => {
    const found = sent.get(`${type}::${name}`);
    expect(found, `${type} ${name}`).toBeDefined();
    return found!;
  };
  return {
    registered,
    providers,
    one: (type, name) => {
      const found = registered.filter((r) => r.type === type && r.name === name);
      expect(found, `${type} ${name}`).toHaveLength(1);
      return found[0]!.inputs;
    },
    options: (type, name) => {
      const { protect, retainOnDelete, dependencies } = sentFor(type, name);
      return { protect, retainOnDelete, dependencies };
    },
    urn: (type, name) => sentFor(type, name).urn,
    childrenOf: async (build) => {
      const before = registered.length;
      build();
      await waitForRPCs();
      return registered.slice(before).filter((r) => r.type !== "inference:serving:ModelWeights");
    },
  };
}

export { valueOf, waitForRPCs };
