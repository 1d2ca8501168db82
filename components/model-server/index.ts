import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1/podDisruptionBudget";
import { imageFrom } from "../lib/images";
import { settingsOrRefuse, type InputProblem } from "../lib/problems";
import { scaledObjectSpec, type ScaledObjectSpec } from "./autoscaling";
import { modelServerSettingsSchema, type ModelServerSettings, type ModelTier, type ResolvedModelServerSettings } from "./contract";
import { HTTP_PORT, HTTP_PORT_NAME, podMonitorLabels, podMonitorSpec, selectorLabels, serverLabels, type PodMonitorSpec } from "./labels";
import { podTemplate, VLLM_IMAGE } from "./pod";

export { modelServerSettingsSchema, type ModelServerSettings, type ModelTier, type ResolvedModelServerSettings } from "./contract";
export { MODEL_SERVER_LABELS } from "./labels";
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

  constructor(name: string, args: ModelServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inference:serving:ModelServer", name, {}, opts);
    const settings = settingsOrRefuse("ModelServer", name, modelServerSettingsSchema, args, (s) => wiringProblems(args, s));
    const deployment = `${settings.modelName}-${settings.tier}`;
    const labels = serverLabels(deployment, settings.modelName, settings.tier);
    const selector = { matchLabels: selectorLabels(deployment) };
    const metadata = { name: deployment, namespace: args.namespace, labels };
    const parent = { parent: this };
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
          weightsUri: args.weightsUri,
          awsRegion: args.region,
          pool: args.pool,
          serviceAccountName: args.serviceAccountName,
          priorityClassName: args.priorityClassName,
        }),
      },
    }, parent);

    new Service(name, {
      metadata,
      spec: {
        type: "ClusterIP",
        selector: selector.matchLabels,
        ports: [{ name: HTTP_PORT_NAME, port: HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: "TCP" }],
      },
    }, parent);

    // One replica at a time; unhealthy pods may always be evicted, so a crash-looping one never blocks a drain.
    new PodDisruptionBudget(name, {
      metadata,
      spec: { maxUnavailable: 1, selector, unhealthyPodEvictionPolicy: "AlwaysAllow" },
    }, parent);

    const spec: pulumi.Output<ScaledObjectSpec> = pulumi.output(args.namespace).apply((namespace) => scaledObjectSpec({
      deployment,
      namespace,
      prometheusUrl: args.prometheusUrl,
      minReplicas: args.replicas.min,
      maxReplicas: args.replicas.max,
      fallbackReplicas: settings.fallbackReplicas ?? args.replicas.min,
      queueTarget: settings.queueTarget,
      pollingIntervalSeconds: settings.pollingIntervalSeconds,
      scaleDownStabilizationSeconds: settings.scaleDownStabilizationSeconds,
    }));
    new CustomResource(name, { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata, spec }, { parent: this, dependsOn: [server, ...crds] });

    const monitor: PodMonitorSpec = podMonitorSpec(deployment);
    new CustomResource(name, {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name: deployment, namespace: args.namespace, labels: podMonitorLabels(args.prometheusRelease) },
      spec: monitor,
    }, { parent: this, dependsOn: crds });

    this.deploymentName = deployment;
    this.tier = settings.tier;
    this.gpusPerReplica = settings.tensorParallelSize;
    this.replicas = { min: args.replicas.min, max: args.replicas.max };
    this.url = pulumi.interpolate`http://${deployment}.${args.namespace}.svc:${HTTP_PORT}`;
    this.registerOutputs({ deploymentName: this.deploymentName, tier: this.tier, replicas: this.replicas, url: this.url });
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
