import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1/podDisruptionBudget";
import { imageFrom } from "../lib/images";
import { settingsOrRefuse, type InputProblem } from "../lib/problems";
import { scaledObjectSpec, type ScaledObjectSpec } from "./autoscaling";
import { modelServerSettingsSchema, serverNames, type ModelServerSettings, type ModelTier, type ResolvedModelServerSettings } from "./contract";
import { HTTP_PORT, HTTP_PORT_NAME, podMonitorLabels, podMonitorSpec, selectorLabels, serverLabels, type PodMonitorSpec, type ServerTrack } from "./labels";
import { podTemplate, VLLM_IMAGE } from "./pod";

export { modelServerSettingsSchema, type ModelServerSettings, type ModelTier, type ResolvedModelServerSettings } from "./contract";
export { MODEL_SERVER_LABELS, seriesLabel, TRACK_LABEL, type ServerTrack } from "./labels";
export { planReplicas, type ReplicaPlan, type ReplicaPlanInputs } from "./replicas";

/**
 * Seconds a replica may take beyond its model load before its rollout counts
 * as stuck: a new GPU node's boot and the vLLM image pull (README, cold start).
 */
const NEW_NODE_SECONDS = 900;

/** Inputs of {@link ModelServer}: its settings (contract.ts, defaults there) and what connects it. */
export interface ModelServerArgs extends ModelServerSettings {
  /** Namespace of every object (the application namespace, Pod Security `restricted`). */
  namespace: pulumi.Input<string>;
  /** The pool's node-group component name: its nodes carry it as the `inference.platform/pool` label. */
  pool: string;
  /** GPUs on one node of the pool: a replica's GPUs (the tensor-parallel size) must fit on one. */
  gpusPerNode: number;
  /** Replica bounds, normally from `planReplicas` on the pool's capacity plan. */
  replicas: { min: number; max: number };
  /** Weights, config and tokenizer: `s3://bucket/models/<name>/`. */
  weightsUri: pulumi.Input<string>;
  /** AWS region of the weights bucket: the S3 and STS endpoints follow its partition. */
  region: string;
  /** Service account bound to the weights-reader role (Pod Identity, or IRSA in China). */
  serviceAccountName: pulumi.Input<string>;
  /** PriorityClass of the tier (WorkloadPriorities). */
  priorityClassName: pulumi.Input<string>;
  /** In-cluster Prometheus KEDA reads the queue from, e.g. `http://<svc>.<ns>.svc:9090`. */
  prometheusUrl: string;
  /** kube-prometheus-stack release whose Prometheus selects the PodMonitor by its `release` label. */
  prometheusRelease: string;
  /** Registry that mirrors upstream images (required in China). @default docker.io */
  imageMirror?: string;
  /** What brings the ScaledObject and PodMonitor CRDs (the KEDA and kube-prometheus-stack releases). @default none */
  customResourcesAfter?: pulumi.Input<pulumi.Resource>[];
  /**
   * A canary track beside the stable one: its own Deployment (`<modelName>-<tier>-canary`), Service,
   * PDB, ScaledObject and PodMonitor, on other weights. @default none: only the canary Service, selecting no pod
   */
  canary?: { weightsUri: pulumi.Input<string>; replicas: { min: number; max: number } };
}


/** One track of a server: what differs between stable and canary. */
interface Track {
  deployment: string;
  track: ServerTrack;
  replicas: { min: number; max: number };
  weightsUri: pulumi.Input<string>;
}

/** The ClusterIP Service of one track. */
function trackService(parent: pulumi.Resource, name: string, namespace: pulumi.Input<string>, deployment: string, labels: Record<string, string>): Service {
  return new Service(name, {
    metadata: { name: deployment, namespace, labels },
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(deployment),
      ports: [{ name: HTTP_PORT_NAME, port: HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: "TCP" }],
    },
  }, { parent });
}

/** Deployment, Service, PDB, ScaledObject and PodMonitor of one track. */
function serverTrack(parent: pulumi.Resource, name: string, args: ModelServerArgs, settings: ResolvedModelServerSettings, t: Track): void {
  const { deployment } = t;
  const labels = serverLabels(deployment, settings.modelName, settings.tier, t.track);
  const selector = { matchLabels: selectorLabels(deployment) };
  const metadata = { name: deployment, namespace: args.namespace, labels };
  const crds = args.customResourcesAfter ?? [];

  const server = new Deployment(name, {
    // Replicas come from KEDA; a model server becomes ready only once GPU nodes are up and its model
    // is loaded, which a deploy must not wait for (the autoscaler brings the nodes, alerts watch rollouts).
    metadata: { ...metadata, annotations: { "pulumi.com/skipAwait": "true" } },
    spec: {
      selector,
      revisionHistoryLimit: 5,
      progressDeadlineSeconds: settings.startupSeconds + NEW_NODE_SECONDS,
      // One new replica (on a headroom GPU) becomes ready before an old one stops.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: podTemplate({
        settings,
        deployment,
        labels: { ...labels, "app.kubernetes.io/version": VLLM_IMAGE.tag },
        image: imageFrom(VLLM_IMAGE, args.imageMirror),
        weightsUri: t.weightsUri,
        awsRegion: args.region,
        pool: args.pool,
        serviceAccountName: args.serviceAccountName,
        priorityClassName: args.priorityClassName,
      }),
    },
  }, { parent });

  trackService(parent, name, args.namespace, deployment, labels);

  // One replica at a time; unhealthy pods may always be evicted, so a crash-looping one never blocks a drain.
  new PodDisruptionBudget(name, {
    metadata,
    spec: { maxUnavailable: 1, selector, unhealthyPodEvictionPolicy: "AlwaysAllow" },
  }, { parent });

  const spec: pulumi.Output<ScaledObjectSpec> = pulumi.output(args.namespace).apply((namespace) => scaledObjectSpec({
    deployment,
    namespace,
    prometheusUrl: args.prometheusUrl,
    minReplicas: t.replicas.min,
    maxReplicas: t.replicas.max,
    fallbackReplicas: t.track === "stable" ? (settings.fallbackReplicas ?? t.replicas.min) : t.replicas.min,
    queueTarget: settings.queueTarget,
    pollingIntervalSeconds: settings.pollingIntervalSeconds,
    scaleDownStabilizationSeconds: settings.scaleDownStabilizationSeconds,
  }));
  new CustomResource(name, { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata, spec }, { parent, dependsOn: [server, ...crds] });

  const monitor: PodMonitorSpec = podMonitorSpec(deployment);
  new CustomResource(name, {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name: deployment, namespace: args.namespace, labels: podMonitorLabels(args.prometheusRelease) },
    spec: monitor,
  }, { parent, dependsOn: crds });
}

/**
 * vLLM's OpenAI-compatible server for one model at one tier: a Deployment on
 * its GPU pool (weights streamed from S3, restricted Pod Security, drain on
 * stop), a ClusterIP Service, a PodDisruptionBudget of one, a KEDA
 * ScaledObject on the requests waiting, and a PodMonitor Prometheus selects.
 * Needs the caller's Kubernetes provider in `opts.providers`.
 */
export class ModelServer extends pulumi.ComponentResource {
  /** Name of the Deployment, Service, PDB, ScaledObject and PodMonitor: `<modelName>-<tier>`. */
  readonly deploymentName: string;
  /** The tier this placement serves. */
  readonly tier: ModelTier;
  /** GPUs per replica. */
  readonly gpusPerReplica: number;
  /** Replica bounds the ScaledObject keeps to. */
  readonly replicas: { min: number; max: number };
  /** In-cluster URL of the OpenAI API. */
  readonly url: pulumi.Output<string>;
  /** Service of the canary track (`<deploymentName>-canary`), present with or without a canary. */
  readonly canaryServiceName: string;

  constructor(name: string, args: ModelServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:serving:ModelServer", name, {}, opts);
    const settings = settingsOrRefuse("ModelServer", name, modelServerSettingsSchema, args, (s) => wiringProblems(args, s));
    const { stable: deployment, canary } = serverNames(settings.modelName, settings.tier);
    serverTrack(this, name, args, settings, { deployment, track: "stable", replicas: args.replicas, weightsUri: args.weightsUri });
    if (args.canary) {
      serverTrack(this, `${name}-canary`, args, settings, { deployment: canary, track: "canary", replicas: args.canary.replicas, weightsUri: args.canary.weightsUri });
    } else {
      // The route's canary backend always exists (weight 0 without a canary): a Service that selects no pod yet.
      trackService(this, `${name}-canary`, args.namespace, canary, serverLabels(canary, settings.modelName, settings.tier, "canary"));
    }

    this.deploymentName = deployment;
    this.tier = settings.tier;
    this.gpusPerReplica = settings.tensorParallelSize;
    this.replicas = { min: args.replicas.min, max: args.replicas.max };
    this.canaryServiceName = canary;
    this.url = pulumi.interpolate`http://${deployment}.${args.namespace}.svc:${HTTP_PORT}`;
    this.registerOutputs({ deploymentName: this.deploymentName, canaryServiceName: canary, tier: this.tier, replicas: this.replicas, url: this.url });
  }
}

/** `s3://bucket/prefix/`: a bucket name S3 accepts and a key prefix. */
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\S+$/;

/** Rules on the wiring, which the settings schema cannot see. */
function wiringProblems(args: ModelServerArgs, s: ResolvedModelServerSettings): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (property: string, reason: string) => problems.push({ property, reason });
  const { min, max } = args.replicas;
  if (!Number.isInteger(args.gpusPerNode) || args.gpusPerNode < 1) add("gpusPerNode", `${args.gpusPerNode} is not a whole number ≥ 1`);
  else if (s.tensorParallelSize > args.gpusPerNode) {
    add("tensorParallelSize", `${s.tensorParallelSize} GPUs per replica do not fit on one node of pool "${args.pool}" (${args.gpusPerNode} GPUs per node); allowed: 1 to ${args.gpusPerNode}`);
  }
  if (!Number.isInteger(min) || min < 1) add("replicas.min", `${min} is not a whole number ≥ 1: a model server keeps at least one replica`);
  if (!Number.isInteger(max) || !(max > min)) add("replicas.max", `${max} is not a whole number above min (${min}): the autoscaler could never add a replica`);
  if (args.canary) {
    const c = args.canary.replicas;
    if (!Number.isInteger(c.min) || c.min < 1 || !Number.isInteger(c.max) || !(c.max > c.min)) {
      add("canary.replicas", `${c.min}–${c.max} are not whole numbers with 1 ≤ min < max`);
    }
  }
  if (s.fallbackReplicas !== undefined && (s.fallbackReplicas < min || s.fallbackReplicas > max)) {
    add("fallbackReplicas", `${s.fallbackReplicas} is outside the replica bounds [${min}, ${max}]`);
  }
  if (typeof args.weightsUri === "string" && !S3_URI.test(args.weightsUri)) {
    add("weightsUri", `"${args.weightsUri}" is not a weights location: s3://<bucket>/<prefix>/ in the region's weights bucket (nothing is fetched from a public hub)`);
  } else if (args.weightsUri === undefined || args.weightsUri === null) {
    add("weightsUri", "missing: s3://<bucket>/<prefix>/ in the region's weights bucket (nothing is fetched from a public hub)");
  }
  if (args.pool.trim() === "") add("pool", "a pool's node-group name (its nodes' inference.platform/pool label)");
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(args.region)) add("region", `"${args.region}" is not an AWS region name such as eu-central-1 or cn-north-1`);
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(args.prometheusUrl)) add("prometheusUrl", `"${args.prometheusUrl}" is not an http(s) URL of the in-cluster Prometheus`);
  if (args.prometheusRelease.trim() === "") add("prometheusRelease", "the kube-prometheus-stack release name (the PodMonitor's release label)");
  return problems;
}
