import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { dnsSuffix, partitionOf } from "../lib/partition";
import { ADDITIONAL_TAGS_ANNOTATION } from "../ingress";

/**
 * Mock provider behaviour for unit tests and the offline plan: every resource
 * echoes its inputs and gets a placeholder id, plus the computed attributes the
 * components read back (ARNs, cluster endpoint and OIDC issuer, cache and
 * broker endpoints, load balancer hostnames, generated passwords). ARNs use the
 * partition of the resource's provider region, so a China resource never gets
 * an `arn:aws:` value from here. Nothing here claims a deployment happened.
 */

/** Placeholder account id (the AWS documentation account) in every mocked ARN. */
export const MOCK_ACCOUNT = "123456789012";

/** How the mocks learn which region a resource lives in. */
export interface PlatformMocksOptions {
  /**
   * The region a provider reference (`<urn>::<id>`, or undefined for none) stands
   * for. Given, it is the only source (the offline plan passes the regions its
   * providers registered with). Left out, the mocks remember the `region` input
   * of every `pulumi:providers:aws` they see and use that for the resources
   * sent through that provider.
   */
  regionOfProvider?: (providerRef: string | undefined) => string;
  /** Region of a resource whose provider registered no region (without `regionOfProvider`). @default "us-east-1" */
  defaultRegion?: string;
  /**
   * The outputs of each stack a `pulumi.StackReference` may name (`org/project/stack`),
   * e.g. a platform stack's recorded outputs for a consumer's test. A top-level output
   * holding the `"[secret]"` placeholder (what `pulumi stack output --json` and the
   * offline plan print for a secret) is handed over as secret, as the engine would.
   * A reference to any other stack fails, naming the stacks given. @default none
   */
  stacks?: Record<string, Record<string, unknown>>;
}

type State = Record<string, unknown>;
type Computed = (name: string, inputs: State, region: string) => State;

const b64 = (s: string): string => Buffer.from(s).toString("base64");

/** Computed attributes per resource type, beyond the echoed inputs. */
const COMPUTED: Record<string, Computed> = {
  "aws:eks/cluster:Cluster": (name, inputs, region) => ({
    endpoint: `https://${name.toUpperCase()}.gr7.${region}.eks.${dnsSuffix(partitionOf(region))}`,
    certificateAuthority: { data: b64(`mock-ca-${name}`) },
    vpcConfig: { ...(inputs.vpcConfig as State), clusterSecurityGroupId: `sg-${name}-cluster` },
    identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.${dnsSuffix(partitionOf(region))}/id/${name}` }] }],
  }),
  "aws:eks/nodeGroup:NodeGroup": (name) => ({ nodeGroupName: name }),
  "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1 }),
  "aws:iam/role:Role": (name, inputs) => ({ name: inputs.name ?? name }),
  "aws:ec2/securityGroup:SecurityGroup": (name) => ({ id: `sg-${name}` }),
  "random:index/randomPassword:RandomPassword": (name) => ({ result: `mock-password-${name}` }),
  // Data plane: endpoints, broker strings and ARNs in the shapes AWS returns them.
  "aws:elasticache/replicationGroup:ReplicationGroup": (name, inputs, region) => {
    const id = String(inputs.replicationGroupId ?? name);
    return {
      arn: `arn:${partitionOf(region)}:elasticache:${region}:${MOCK_ACCOUNT}:replicationgroup:${id}`,
      primaryEndpointAddress: `master.${id}.${hexOf(name, 6)}.${region}.cache.${dnsSuffix(partitionOf(region))}`,
      readerEndpointAddress: `replica.${id}.${hexOf(name, 6)}.${region}.cache.${dnsSuffix(partitionOf(region))}`,
      port: inputs.port ?? 6379,
    };
  },
  "aws:msk/configuration:Configuration": (name, inputs, region) => ({
    arn: `arn:${partitionOf(region)}:kafka:${region}:${MOCK_ACCOUNT}:configuration/${String(inputs.name ?? name)}/${hexOf(name, 8)}`,
    latestRevision: 1,
  }),
  "aws:msk/cluster:Cluster": (name, inputs, region) => {
    const clusterName = String(inputs.clusterName ?? name);
    const brokers = Array.from({ length: Number(inputs.numberOfBrokerNodes ?? 3) }, (_, i) => `b-${i + 1}.${clusterName}.${hexOf(name, 6)}.c2.kafka.${region}.${dnsSuffix(partitionOf(region))}`);
    return {
      arn: `arn:${partitionOf(region)}:kafka:${region}:${MOCK_ACCOUNT}:cluster/${clusterName}/${hexOf(name, 8)}-${hexOf(`${name}-uuid`, 4)}-2`,
      clusterUuid: `${hexOf(name, 8)}-${hexOf(`${name}-uuid`, 4)}-2`,
      currentVersion: `K${hexOf(name, 12).toUpperCase()}`,
      // IAM is the only listener enabled, so AWS returns the TLS-only broker string empty.
      bootstrapBrokersSaslIam: brokers.map((b) => `${b}:9098`).join(","),
      bootstrapBrokersTls: "",
    };
  },
  "aws:route53/zone:Zone": (name) => ({ zoneId: `Z${hexOf(name, 20).toUpperCase()}`, nameServers: [`ns-1.awsdns-${name}.org`] }),
  "kubernetes:core/v1:Service": (name, inputs, region) => ({ status: { loadBalancer: { ingress: [{ hostname: nlbHostname(name, inputs, region) }] } } }),
};

/** Deterministic hex digits standing in for the random parts of AWS names. */
function hexOf(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/**
 * The hostname the AWS Load Balancer Controller's NLB would get:
 * `k8s-<namespace>-<service>-<hash>-<id>.elb.<region>.<suffix>`. A Kubernetes
 * provider has no region, so the region comes from the `region` tag the
 * Service asks the controller to put on the NLB.
 */
function nlbHostname(name: string, inputs: State, providerRegion: string): string {
  const metadata = (inputs.metadata ?? {}) as { name?: string; namespace?: string; annotations?: Record<string, string> };
  const tagged = /(?:^|,)region=([a-z0-9-]+)/.exec(metadata.annotations?.[ADDITIONAL_TAGS_ANNOTATION] ?? "")?.[1];
  const region = tagged ?? (providerRegion || "us-east-1");
  const lbName = `k8s-${(metadata.namespace ?? "default").slice(0, 8)}-${(metadata.name ?? name).slice(0, 8)}-${hexOf(name, 10)}`;
  return `${lbName}-${hexOf(`${name}-dns`, 16)}.elb.${region}.${dnsSuffix(partitionOf(region))}`;
}

const STACK_REFERENCE = "pulumi:pulumi:StackReference";
/** What a recorded output shows for a secret value. */
const SECRET_PLACEHOLDER = "[secret]";

/** A StackReference reads its stack's outputs: those given for that stack, or a failure naming the stacks there are. */
function stackReference(args: pulumi.runtime.MockResourceArgs, stacks: Record<string, Record<string, unknown>>): { id: string; state: State } {
  const stack = String(args.inputs.name ?? args.id ?? args.name);
  const outputs = stacks[stack];
  if (!outputs) {
    const known = Object.keys(stacks);
    throw new Error(`StackReference to "${stack}": platformMocks has no outputs for it (options.stacks holds ${known.length ? known.map((k) => `"${k}"`).join(", ") : "none"})`);
  }
  const secretOutputNames = Object.keys(outputs).filter((key) => JSON.stringify(outputs[key] ?? null).includes(`"${SECRET_PLACEHOLDER}"`));
  return { id: stack, state: { name: stack, outputs, secretOutputNames } };
}

function arnFor(type: string, name: string, region: string): string {
  // "aws:eks/cluster:Cluster" → service "eks", resource "cluster".
  const [, mod = "", kind = ""] = /^aws:([^/]+)\/([^:]+):/.exec(type) ?? [];
  const service = mod === "cloudwatch" ? "logs" : mod;
  const global = service === "iam" || service === "route53";
  return `arn:${partitionOf(region)}:${service}:${global ? "" : region}:${MOCK_ACCOUNT}:${kind.toLowerCase()}/${name}`;
}

/**
 * `<type>::<name>` of a provider reference (`urn:pulumi:<stack>::<project>::<parent$type>::<name>::<id>`):
 * what the mock runtime's URN says about the provider, matched against its registration.
 */
function providerKey(ref: string): string {
  const [, , qualifiedType = "", ...name] = ref.slice(0, ref.lastIndexOf("::")).split("::");
  return `${qualifiedType.split("$").pop()}::${name.join("::")}`;
}

/** Remembers each AWS provider's `region` input, for the resources later sent through it. */
function learnedRegions(defaultRegion: string): { learn(args: pulumi.runtime.MockResourceArgs): void; regionOf(ref: string | undefined): string } {
  const regions = new Map<string, string>();
  return {
    learn(args) {
      if (args.type === "pulumi:providers:aws" && typeof args.inputs.region === "string") regions.set(`${args.type}::${args.name}`, args.inputs.region);
    },
    regionOf: (ref) => (ref ? regions.get(providerKey(ref)) : undefined) ?? defaultRegion,
  };
}

/**
 * The mocks for `pulumi.runtime.setMocks`: every resource type the components
 * create gets the outputs they read, so a consumer's unit test needs no
 * hand-written outputs. Any provider function besides getCallerIdentity throws.
 */
export function platformMocks(options: PlatformMocksOptions = {}): pulumi.runtime.Mocks {
  const learned = learnedRegions(options.defaultRegion ?? "us-east-1");
  const regionOfProvider = options.regionOfProvider ?? learned.regionOf;
  // What Envoy Gateway's controller would put on the proxies' Service: the EnvoyProxy's envoyService, per cluster.
  const envoyServices = new Map<string, State>();
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: State } {
      learned.learn(args);
      if (args.type === STACK_REFERENCE) return stackReference(args, options.stacks ?? {});
      const region = regionOfProvider(args.provider);
      if (args.type === "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy") {
        const envoyService = ((args.inputs.spec as State | undefined)?.provider as { kubernetes?: { envoyService?: State } } | undefined)?.kubernetes?.envoyService;
        if (envoyService) envoyServices.set(args.provider ?? "", envoyService);
      }
      // A Gateway's address is its proxies' Service's: Envoy Gateway makes that Service from the EnvoyProxy (namespace envoy-gateway-system).
      if (args.type === "kubernetes:gateway.networking.k8s.io/v1:Gateway") {
        const made = envoyServices.get(args.provider ?? "");
        const service = { metadata: { name: made?.name, namespace: "envoy-gateway-system", annotations: made?.annotations } };
        const hostname = nlbHostname(`${args.name}-proxy`, service, region);
        return { id: `${args.name}-id`, state: { ...args.inputs, status: { addresses: [{ type: "Hostname", value: hostname }] } } };
      }
      const state: State = { ...args.inputs };
      if (args.type.startsWith("aws:") && state.arn === undefined) state.arn = arnFor(args.type, args.name, region);
      Object.assign(state, COMPUTED[args.type]?.(args.name, args.inputs, region));
      return { id: `${args.name}-id`, state };
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
      if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
        const partition = partitionOf(regionOfProvider(args.provider));
        return { accountId: MOCK_ACCOUNT, arn: `arn:${partition}:iam::${MOCK_ACCOUNT}:user/mock`, userId: "AIDAMOCKUSER", id: MOCK_ACCOUNT };
      }
      // Fail loudly on any other provider call: a made-up answer would hide what a test really depends on.
      const refusal = new Error(`unmocked provider call ${args.token}: platformMocks answers only aws:index/getCallerIdentity:getCallerIdentity`);
      // Pulumi rethrows a failed invoke with the gRPC error's `details` only; without it the message is lost.
      throw Object.assign(refusal, { details: refusal.message });
    },
  };
}
