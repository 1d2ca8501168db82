/**
 * Container image references and their mirror rewriting. Nodes in China cannot
 * pull from gcr.io, quay.io, nvcr.io or docker.io, so every image a component
 * deploys goes through `imageFrom`, which points it at the region's mirror.
 */

/** An upstream image: registry host, repository path and tag. */
export interface UpstreamImage {
  /** Registry host, e.g. `nvcr.io`. */
  registry: string;
  /** Repository path under the host, e.g. `nvidia/k8s-device-plugin`. */
  repository: string;
  /** Tag, pinned. */
  tag: string;
}

/** Repository (without tag) to pull `image` from, through `mirror` when one is set. */
export function repositoryFrom(image: UpstreamImage, mirror?: string): string {
  // Mirror layout follows ECR pull-through caches: one namespace per upstream host.
  return mirror ? `${mirror.replace(/\/+$/, "")}/${image.registry}/${image.repository}` : `${image.registry}/${image.repository}`;
}

/** Full image reference (`repo:tag`) for `image`, through `mirror` when one is set. */
export function imageFrom(image: UpstreamImage, mirror?: string): string {
  return `${repositoryFrom(image, mirror)}:${image.tag}`;
}
