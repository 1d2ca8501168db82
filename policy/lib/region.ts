import type { PolicyProviderResource } from "@pulumi/policy";
import { partitionOf, type Partition } from "../../components/lib/partition";
import { list, record, text, type PropertyMap } from "./values";

const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";

/**
 * AWS region a Kubernetes provider's cluster lives in, read from its kubeconfig:
 * the `--region` of the `aws eks get-token` exec plugin, else the region inside
 * the EKS endpoint host. Undefined for an unknown or non-EKS kubeconfig.
 */
function kubeconfigRegion(kubeconfig: string): string | undefined {
  try {
    const doc = record(JSON.parse(kubeconfig));
    for (const user of list(doc?.users)) {
      const args = list(record(record(record(user)?.user)?.exec)?.args);
      const i = args.indexOf("--region");
      if (i >= 0 && typeof args[i + 1] === "string") return args[i + 1] as string;
    }
  } catch {
    // YAML kubeconfig: fall through to the endpoint host.
  }
  const host = new RegExp(`\\.(${REGION})\\.eks\\.amazonaws\\.com(?:\\.cn)?`).exec(kubeconfig);
  return host?.[1];
}

/** Region of a provider resource from its own properties (AWS `region`, Kubernetes kubeconfig). */
function regionOfProviderProps(type: string, props: PropertyMap): string | undefined {
  if (type === "pulumi:providers:aws") return text(props.region);
  if (type === "pulumi:providers:kubernetes") {
    const kubeconfig = text(props.kubeconfig);
    return kubeconfig ? kubeconfigRegion(kubeconfig) : undefined;
  }
  return undefined;
}

/** What the pack needs of a resource to place it: the shape of both resource and stack policy arguments. */
export interface Placed {
  type: string;
  props: PropertyMap;
  provider?: PolicyProviderResource;
}

/**
 * AWS region a resource deploys to: a provider resource's own region (its
 * inputs, such as assumed roles or a kubeconfig, belong to a partition too), an
 * AWS resource's `region` argument (aws v7 lets one resource override its
 * provider), else the region of the provider the engine passes with it.
 */
export function regionOf(r: Placed): string | undefined {
  if (r.type.startsWith("pulumi:providers:")) return regionOfProviderProps(r.type, r.props);
  const own = r.type.startsWith("aws:") ? text(r.props.region) : undefined;
  return own ?? (r.provider ? regionOfProviderProps(r.provider.type, r.provider.props) : undefined);
}

/** Partition of a region, or undefined when the region is unknown. */
export function partitionOfRegion(region: string | undefined): Partition | undefined {
  return region ? partitionOf(region) : undefined;
}
