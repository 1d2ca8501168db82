// What several areas of the stack-file key table share: the resource types their finders read, and the pools
// the prod copy plans after its edits.
import type { PoolPlan } from "../../support/config-keys";

/** Resource types the finders read. */
export const T = {
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  awsProvider: "pulumi:providers:aws",
  configMap: "kubernetes:core/v1:ConfigMap",
  deployment: "kubernetes:apps/v1:Deployment",
  eks: "aws:eks/cluster:Cluster",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  msk: "aws:msk/cluster:Cluster",
  mskConfig: "aws:msk/configuration:Configuration",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  priorityClass: "kubernetes:scheduling.k8s.io/v1:PriorityClass",
  record: "aws:route53/record:Record",
  redis: "aws:elasticache/replicationGroup:ReplicationGroup",
  scaledObject: "kubernetes:keda.sh/v1alpha1:ScaledObject",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
} as const;

// The prod copy's pools after its edits. China overrides the stack-wide growth, headroom and surge, so it plans
// with its own and Frankfurt shows the stack's; China's 500 QPS split 70/30 by the edited shares gives 350 and 150.
export const CHINA_G5: PoolPlan = { forecast: { peakQps: 350, monthlyGrowth: 0.15, horizonMonths: 9, headroom: 0.5, surgeFactor: 8, qpsPerGpu: 25, gpusPerNode: 4 }, minNodes: 4 };
export const CHINA_G4DN: PoolPlan = { forecast: { peakQps: 150, monthlyGrowth: 0.15, horizonMonths: 9, headroom: 0.5, surgeFactor: 8, qpsPerGpu: 15, gpusPerNode: 4 }, maxNodes: 25 };
export const FRANKFURT_G6E: PoolPlan = { forecast: { peakQps: 420, monthlyGrowth: 0.1, horizonMonths: 9, headroom: 0.45, surgeFactor: 12, qpsPerGpu: 30, gpusPerNode: 4 } };
