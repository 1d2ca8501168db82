// Package entry: what another stack imports from "inference-platform".
// Each component comes with its Args, its settings schema (the contract: defaults and rules) and its Settings type.
export { Network, type NetworkArgs, networkSettingsSchema, type NetworkSettings } from "./network";
export { ClusterAutoscaler, type ClusterAutoscalerArgs, clusterAutoscalerSettingsSchema, type ClusterAutoscalerSettings } from "./cluster-autoscaler";
export { EksCluster, type EksClusterArgs, CONTROL_PLANE_LOG_TYPES, eksClusterSettingsSchema, type EksClusterSettings, kubeconfigFor, type KubeconfigInputs } from "./eks-cluster";
export {
  GpuNodePool, type GpuNodePoolArgs, type NodeScaling, GPU_TAINT, GPU_NODE_LABEL, NVIDIA_AMI_TYPES, gpuNodePoolSettingsSchema, type GpuNodePoolSettings,
} from "./gpu-node-pool";
export { planCapacity, type CapacityPlan, type TrafficForecast } from "./gpu-node-pool/capacity";
export { GPU_FAMILIES_BY_REGION, GPU_OFFERINGS_RECORDED } from "./gpu-node-pool/offerings";
export { NvidiaDevicePlugin, type NvidiaDevicePluginArgs, nvidiaDevicePluginSettingsSchema, type NvidiaDevicePluginSettings } from "./nvidia-device-plugin";
export { GpuHeadroom, type GpuHeadroomArgs, type PoolHeadroom, gpuHeadroomSettingsSchema, type GpuHeadroomSettings } from "./gpu-headroom";
export {
  RegionalPlatform, type RegionalPlatformArgs, regionSettingsSchema, type RegionConfig, type RegionSettings, type RegionOutputs,
  planRegionPools, type CapacityPlanning, type PlannedPool,
} from "./region";
export type { PoolSizing, RegionTraffic } from "./region/capacity";
export { ManagedRedis, type ManagedRedisArgs, type RedisConnectionArgs, redisSettingsSchema, type RedisSettings, type EvictionPolicy } from "./redis";
export { KafkaCluster, type KafkaClientsArgs, type KafkaClusterArgs, type KafkaTopicsJobArgs, kafkaSettingsSchema, type KafkaSettings } from "./kafka";
export type { KafkaTopic, TopicPurpose, DeclaredTopic, ResolvedTopic } from "./kafka/topics";
export { Monitoring, type MonitoringArgs, monitoringSettingsSchema, type MonitoringSettings, type RegionLoad } from "./monitoring";
export type { AlertThresholds, ThresholdOverrides } from "./monitoring/thresholds";
export type { AlertRule, RuleGroup, Severity } from "./monitoring/rule-types";
export type { FrontDoorTimeouts } from "./monitoring/front-door-rules";
export type { ManagedServices } from "./monitoring/alarms";
export type { PlannedGpuNodes } from "./monitoring/dashboards";
export type { RedisConnectionNames } from "./monitoring/redis-exporter";
export { RegionalIngress, type RegionalIngressArgs, ingressSettingsSchema, type IngressSettings, publicNlbAnnotations } from "./ingress";
export type { PublicNlbAnnotationArgs } from "./ingress/service";
export {
  FrontDoor, type FrontDoorArgs, frontDoorSettingsSchema, type FrontDoorSettings, type ResolvedFrontDoorSettings, type TierBackends, timeoutFromP90,
  TIER_HEADER, CLIENT_HEADER, CANARY_HEADER, CANARY_FORCED, PREMIUM_TIER,
} from "./front-door";
export {
  GeoDns, type GeoDnsArgs, type GeoDnsEndpoint, type GeoDnsHealthCheckArgs, geoDnsSettingsSchema, type GeoDnsSettings, type GeoDnsOutputs,
} from "./geo-dns";
export type { ReportedHealthCheck, RoutedRecord } from "./geo-dns/outputs";
export type { GeolocationFields, RecordSpec } from "./geo-dns/records";
export {
  buildRoutingTable, type RoutingTable, type RoutingTableSpec, type GeoLocation, type ContinentCode, type GeoRoute, type GeolocationTable,
  type LatencyRoute, type LatencyTable,
} from "./geo-dns/table";
export { resolve, type Resolution, type ResolutionRule, type UserLocation } from "./geo-dns/resolve";
export { simulateSurge, type SurgeAssumptions, type SurgePool, type SurgeReport, type SurgeMinute, type TierCounts } from "./gpu-node-pool/surge";
export { Keda, type KedaArgs, type KedaImages, kedaSettingsSchema, type KedaSettings } from "./keda";
export { WorkloadPriorities, type WorkloadPrioritiesArgs, workloadPrioritiesSettingsSchema, type WorkloadPrioritiesSettings, type PriorityTier } from "./workload-priorities";
export type { WorkloadPrioritiesSchema } from "./workload-priorities/contract";
export { ModelWeights, type ModelWeightsArgs, modelWeightsSettingsSchema, type ModelWeightsSettings } from "./model-weights";
export {
  ModelServer, type ModelServerArgs, modelServerSettingsSchema, type ModelServerSettings, type ModelTier, planReplicas, type ReplicaPlan, type ReplicaPlanInputs,
} from "./model-server";
export { readPlatform, platformOutputsSchema, type PlatformOutputs, type PlatformRegionOutputs } from "./platform-outputs";
export { partitionOf, type Partition } from "./lib/partition";
export type { Tags } from "./lib/tags";
// Types that several components' Args share.
export type { ChartRegistryAuth } from "./lib/helm";
export type { WorkloadIdentity } from "./lib/workload-identity";
export type { KubernetesVersion } from "./lib/kubernetes-versions";
