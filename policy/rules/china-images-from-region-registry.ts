import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { imagesInValues, registryHost } from "../lib/images";
import { containersOf, HELM_TYPES, podSpecOf, WORKLOAD_TYPES } from "../lib/kubernetes";
import { partitionOfRegion, regionOf } from "../lib/region";
import { record, text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const defaults = { allowedRegistries: [] as string[] };

/** Host of a chart source: `oci://host/path` or an https repository URL; undefined for a local chart. */
function chartHost(chart: string | undefined, repo: string | undefined): string | undefined {
  const source = chart?.startsWith("oci://") ? chart : repo ?? (chart && /^https?:\/\//.test(chart) ? chart : undefined);
  if (!source) return undefined;
  return /^[a-z]+:\/\/([^/]+)/.exec(source)?.[1];
}

/**
 * Nodes in China cannot pull from gcr.io, quay.io, nvcr.io, registry.k8s.io or
 * Docker Hub reliably (or at all): a pod whose image is upstream stays in
 * ImagePullBackOff and a Helm install times out after ten minutes. Every image
 * and chart of a China cluster therefore comes from the region's own ECR
 * (`<account>.dkr.ecr.<region>.amazonaws.com.cn`), where the mirror lives, or
 * from a registry the user allows. The region is the cluster's, read from the
 * Kubernetes provider's kubeconfig. Only images the values override are
 * visible; chart defaults are not.
 */
export const chinaImagesFromRegionRegistry: PlatformResourceRule = {
  name: "china-images-from-region-registry",
  description: "In a China region, every container image and Helm chart comes from that region's ECR (the mirror), never gcr/quay/nvcr/docker.io.",
  control: "CIS Amazon EKS Benchmark v1.7.0 5.1.4",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedRegistries: {
        type: "array", items: { type: "string" }, default: defaults.allowedRegistries,
        description: "Extra registry or chart-repository hosts reachable from China (the region's ECR is always allowed).",
      },
    },
  },
  validateResource: onlyTypes([...WORKLOAD_TYPES, ...HELM_TYPES], (args, report) => {
    const region = regionOf(args);
    if (partitionOfRegion(region) !== "aws-cn") args.notApplicable("not a China region");
    const { allowedRegistries } = configWithDefaults(args, defaults);
    const regionEcr = new RegExp(`^\\d{12}\\.dkr\\.ecr\\.${region!.replace(/-/g, "\\-")}\\.amazonaws\\.com\\.cn$`);
    const allowed = (host: string): boolean => regionEcr.test(host) || allowedRegistries.includes(host);
    const expected = `the region's ECR (<account>.dkr.ecr.${region}.amazonaws.com.cn)${allowedRegistries.length > 0 ? ` or ${allowedRegistries.join(", ")}` : ""}`;

    const images = HELM_TYPES.includes(args.type)
      ? imagesInValues(args.props.values).map((i) => ({ where: `values.${i.path}`, image: i.image }))
      : containersOf(podSpecOf(args.type, args.props) ?? {}).map((c) => ({ where: `container ${c.name}`, image: c.image ?? "" }));
    for (const { where, image } of images) {
      const host = registryHost(image);
      if (!allowed(host)) report(`${where} pulls ${image} from ${host}, unreachable from ${region}; use ${expected}.`);
    }
    if (HELM_TYPES.includes(args.type)) {
      const host = chartHost(text(args.props.chart), text(record(args.props.repositoryOpts)?.repo));
      if (host && !allowed(host)) report(`chart ${text(args.props.chart)} is fetched from ${host}, unreachable from ${region}; mirror it to ${expected}.`);
    }
  }),
};
