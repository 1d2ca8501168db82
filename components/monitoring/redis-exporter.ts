/**
 * redis_exporter for the region's ElastiCache. ElastiCache serves no
 * Prometheus metrics itself, so the Redis alerts read this exporter: one pod
 * in the application namespace, where ManagedRedis publishes the connection
 * (ConfigMap) and the AUTH token (Secret), a Service, and a ServiceMonitor
 * this Prometheus selects. The namespace enforces Pod Security "restricted".
 */
import type * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import type * as k8s from "@pulumi/kubernetes/types/input";
import { imageFrom, type UpstreamImage } from "../lib/images";

/**
 * Pinned exporter image (scratch, runs as 59000:59000). v1.83.0 and later
 * honour REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT.
 */
const REDIS_EXPORTER_IMAGE: UpstreamImage = { registry: "docker.io", repository: "oliver006/redis_exporter", tag: "v1.88.0" };
const METRICS_PORT = 9121;
const EXPORTER_USER = 59000;

/** Names of what ManagedRedis publishes in the application namespace. */
export interface RedisConnectionNames {
  /** ConfigMap with REDIS_PRIMARY_HOST and REDIS_PORT. */
  configMapName: string;
  /** Secret with REDIS_AUTH_TOKEN. */
  secretName: string;
}

/** ManagedRedis's default names (components/redis `RedisConnectionArgs`). */
export const DEFAULT_REDIS_CONNECTION: RedisConnectionNames = { configMapName: "redis-connection", secretName: "redis-auth" };

/** Inputs of {@link redisExporterPodSpec}. */
export interface RedisExporterPodOptions {
  connection: RedisConnectionNames;
  imageMirror?: string;
}

/**
 * The exporter's pod: address and token from the published connection, TLS
 * (`rediss://`, transit encryption is required), restricted security context.
 */
function redisExporterPodSpec(o: RedisExporterPodOptions): k8s.core.v1.PodSpec {
  const fromConfigMap = (key: string) => ({ name: key, valueFrom: { configMapKeyRef: { name: o.connection.configMapName, key } } });
  const probe = (initialDelaySeconds: number) => ({ httpGet: { path: "/health", port: "metrics" }, initialDelaySeconds, periodSeconds: 20 });
  return {
    automountServiceAccountToken: false,
    // Service links would add REDIS_*-named variables for Services in the namespace.
    enableServiceLinks: false,
    securityContext: { runAsNonRoot: true, runAsUser: EXPORTER_USER, runAsGroup: EXPORTER_USER, seccompProfile: { type: "RuntimeDefault" } },
    containers: [{
      name: "redis-exporter",
      image: imageFrom(REDIS_EXPORTER_IMAGE, o.imageMirror),
      ports: [{ name: "metrics", containerPort: METRICS_PORT }],
      env: [
        fromConfigMap("REDIS_PRIMARY_HOST"),
        fromConfigMap("REDIS_PORT"),
        // $(VAR) expands variables defined above it.
        { name: "REDIS_ADDR", value: "rediss://$(REDIS_PRIMARY_HOST):$(REDIS_PORT)" },
        { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: o.connection.secretName, key: "REDIS_AUTH_TOKEN" } } },
        // ElastiCache refuses CONFIG; maxmemory and the rest come from INFO.
        { name: "REDIS_EXPORTER_CONFIG_COMMAND", value: "-" },
        // /scrape would dial any target it is given with the AUTH token.
        { name: "REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT", value: "true" },
      ],
      readinessProbe: probe(5),
      livenessProbe: probe(15),
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
    }],
  };
}

/** Inputs of {@link redisExporter}. */
export interface RedisExporterOptions extends RedisExporterPodOptions {
  /** The application namespace. */
  namespace: pulumi.Input<string>;
  /** Labels Prometheus selects ServiceMonitors by. */
  monitorLabels: Record<string, string>;
  /**
   * The replication group id. The Deployment carries it, so it is created after
   * the group (and the ConfigMap with its endpoint) rather than waiting on a pod
   * that cannot start while the cache is still being created.
   */
  replicationGroupId: pulumi.Input<string>;
}

/** Resources `redisExporter` waits for and is parented to. */
export interface RedisExporterResourceOptions {
  parent: pulumi.Resource;
  /** Nodes the pod runs on. */
  nodesReady: pulumi.Resource[];
  /** The monitoring release, which brings the ServiceMonitor CRD. */
  monitoringCrds: pulumi.Resource;
}

/** Deployment, Service and ServiceMonitor of the exporter. */
export function redisExporter(name: string, o: RedisExporterOptions, opts: RedisExporterResourceOptions): void {
  const labels = { "app.kubernetes.io/name": "redis-exporter", "app.kubernetes.io/part-of": "inference-platform" };
  new Deployment(`${name}-redis-exporter`, {
    metadata: { name: "redis-exporter", namespace: o.namespace, labels, annotations: { "inference.platform/redis-replication-group": o.replicationGroupId } },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: redisExporterPodSpec(o) },
    },
  }, { parent: opts.parent, dependsOn: opts.nodesReady });
  new Service(`${name}-redis-exporter`, {
    metadata: { name: "redis-exporter", namespace: o.namespace, labels },
    spec: { type: "ClusterIP", selector: labels, ports: [{ name: "metrics", port: METRICS_PORT, targetPort: "metrics" }] },
  }, { parent: opts.parent });
  new CustomResource(`${name}-redis-exporter`, {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: { name: "redis-exporter", namespace: o.namespace, labels: o.monitorLabels },
    spec: { selector: { matchLabels: labels }, endpoints: [{ port: "metrics", path: "/metrics", interval: "30s" }] },
  }, { parent: opts.parent, dependsOn: [opts.monitoringCrds] });
}
