// Container image references as Docker resolves them, and where Helm values
// hide them (`image: "repo:tag"` or `image: {registry, repository, tag}`).
import { list, record, text, type PropertyMap } from "./values";

/** Registry host of an image reference: a first path part with a dot, a colon or `localhost`, else Docker Hub. */
export function registryHost(image: string): string {
  const first = image.split("/")[0] ?? "";
  return image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}

/**
 * Registry host and repository path of an image, without tag or digest, as
 * Docker resolves it: `nvcr.io/nvidia/x:v1` → `nvcr.io/nvidia/x`,
 * `busybox:1.36` → `docker.io/library/busybox`.
 */
export function fullRepository(image: string): string {
  const withoutDigest = image.split("@")[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  const withoutTag = colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
  const host = registryHost(withoutTag);
  const path = withoutTag.startsWith(`${host}/`) ? withoutTag.slice(host.length + 1) : withoutTag;
  return `${host}/${host === "docker.io" && !path.includes("/") ? `library/${path}` : path}`;
}

const ECR_HOST = /^\d{12}\.dkr\.ecr\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(\.cn)?$/;

/**
 * True when `image` is one of `repositories` (each a registry host and path,
 * Docker Hub short names allowed): pulled from there, or from a mirror in an
 * ECR registry of the cluster's own region laid out as
 * `<mirror>/<host>/<path>` (the pull-through layout the components use; China
 * nodes reach nothing else). A path that merely ends the same way on another
 * registry (`docker.io/attacker/nvidia/k8s-device-plugin`) is not the image.
 * `clusterRegion` is asked only for a mirrored image: during a first preview
 * the cluster's kubeconfig is unknown.
 */
export function isImageOf(image: string, repositories: readonly string[], clusterRegion: () => string | undefined): boolean {
  const repo = fullRepository(image);
  const wanted = repositories.map(fullRepository);
  if (wanted.includes(repo)) return true;
  const ecr = ECR_HOST.exec(registryHost(repo));
  if (!ecr || !wanted.some((w) => repo.endsWith(`/${w}`))) return false;
  // The host suffix must agree with the region: .com.cn is China's alone.
  return ecr[1] === clusterRegion() && (ecr[2] !== undefined) === ecr[1]!.startsWith("cn-");
}

/** One image named in Helm values, with where it was found. */
export interface ValuesImage {
  /** Dotted path of the `image` key in the values. */
  path: string;
  /** Reference as the chart will render it (registry joined to repository). */
  image: string;
}

/**
 * Images that Helm values set. An object form takes its `registry`, else
 * `global.imageRegistry`; a repository without any registry resolves to the
 * chart's default, which we cannot see, so it is reported as written (Docker
 * semantics then call it docker.io). Images left at chart defaults are invisible.
 */
export function imagesInValues(values: unknown): ValuesImage[] {
  const root = record(values) ?? {};
  const globalRegistry = text(record(root.global)?.imageRegistry);
  const found: ValuesImage[] = [];
  const objectImage = (img: PropertyMap, path: string): void => {
    const registry = text(img.registry) || globalRegistry;
    const repository = text(img.repository)!;
    found.push({ path, image: registry ? `${registry.replace(/\/+$/, "")}/${repository}` : repository });
  };
  const visit = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`));
    const obj = record(v);
    if (!obj) return;
    for (const [key, x] of Object.entries(obj)) {
      const here = path ? `${path}.${key}` : key;
      const img = record(x);
      if (key === "image" && typeof x === "string" && x.length > 0) found.push({ path: here, image: x });
      else if (key === "image" && img && text(img.repository)) objectImage(img, here);
      else if (key === "image" && img && Object.values(img).some((e) => text(record(e)?.repository))) {
        // Named images under one key (`image: {keda: {registry, repository, tag}, webhooks: {…}}`, KEDA's chart).
        for (const [name, entry] of Object.entries(img)) {
          const named = record(entry);
          if (named && text(named.repository)) objectImage(named, `${here}.${name}`);
        }
      } else visit(x, here);
    }
  };
  visit(root, "");
  return found;
}

/** Dotted paths in Helm values where a `privileged: true` is set (a container securityContext). */
export function privilegedPathsInValues(values: unknown): string[] {
  const paths: string[] = [];
  const visit = (v: unknown, path: string): void => {
    list(v).forEach((x, i) => visit(x, `${path}[${i}]`));
    const obj: PropertyMap | undefined = record(v);
    if (!obj) return;
    for (const [key, x] of Object.entries(obj)) {
      const here = path ? `${path}.${key}` : key;
      if (key === "privileged" && (x === true || x === "true")) paths.push(here);
      else visit(x, here);
    }
  };
  visit(values, "");
  return paths;
}
