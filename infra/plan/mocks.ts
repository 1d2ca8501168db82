import type * as pulumi from "@pulumi/pulumi";
import { dnsSuffix, partitionOf } from "../../components/lib/partition";

/**
 * Mock provider behaviour for the offline plan and tests: every resource echoes
 * its inputs and gets a placeholder id, plus the few computed attributes the
 * program reads back (ARNs, cluster endpoint, generated passwords). ARNs use the
 * partition of the resource's provider region, so a China resource never gets
 * an `arn:aws:` value from here. Nothing here claims a deployment happened.
 */

/** Placeholder account id (the AWS documentation account). */
export const MOCK_ACCOUNT = "123456789012";

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
};

function arnFor(type: string, name: string, region: string): string {
  // "aws:eks/cluster:Cluster" → service "eks", resource "cluster".
  const [, mod = "", kind = ""] = /^aws:([^/]+)\/([^:]+):/.exec(type) ?? [];
  const service = mod === "cloudwatch" ? "logs" : mod;
  const global = service === "iam" || service === "route53";
  return `arn:${partitionOf(region)}:${service}:${global ? "" : region}:${MOCK_ACCOUNT}:${kind.toLowerCase()}/${name}`;
}

/**
 * Builds the mocks. `regionOfProvider` maps a provider reference to the region
 * the provider was registered with (filled by the harness as providers register).
 */
export function platformMocks(regionOfProvider: (providerRef: string | undefined) => string): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: State } {
      const region = regionOfProvider(args.provider);
      const state: State = { ...args.inputs };
      if (args.type.startsWith("aws:") && state.arn === undefined) state.arn = arnFor(args.type, args.name, region);
      Object.assign(state, COMPUTED[args.type]?.(args.name, args.inputs, region));
      return { id: `${args.name}-id`, state };
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
      // The program makes no provider calls; fail loudly if one appears unmocked.
      throw new Error(`unmocked provider call ${args.token}`);
    },
  };
}

/** Registers extra computed attributes for a resource type (for components added later). */
export function addComputed(type: string, computed: Computed): void {
  COMPUTED[type] = computed;
}
