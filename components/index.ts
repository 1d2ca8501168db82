// Package entry: what another stack imports from "inference-platform".
export { Network, type NetworkArgs } from "./network";
export { ClusterAutoscaler, type ClusterAutoscalerArgs } from "./cluster-autoscaler";
export { EksCluster, type EksClusterArgs, CONTROL_PLANE_LOG_TYPES } from "./eks-cluster";
export { GpuNodePool, type GpuNodePoolArgs, type NodeScaling, GPU_TAINT, GPU_NODE_LABEL, NVIDIA_AMI_TYPES } from "./gpu-node-pool";
export { planCapacity, type CapacityPlan, type TrafficForecast } from "./gpu-node-pool/capacity";
export { GPU_FAMILIES_BY_REGION, GPU_OFFERINGS_RECORDED } from "./gpu-node-pool/offerings";
export { NvidiaDevicePlugin, type NvidiaDevicePluginArgs } from "./nvidia-device-plugin";
export { RegionalPlatform, type RegionalPlatformArgs, type RegionGpuPoolArgs } from "./region";
export { ManagedRedis, type ManagedRedisArgs, type RedisConnectionArgs } from "./redis";
export { KafkaCluster, type KafkaClusterArgs, type KafkaTopicsJobArgs } from "./kafka";
export type { KafkaTopic, TopicPurpose } from "./kafka/topics";
export { Monitoring, type MonitoringArgs } from "./monitoring";
export { RegionalIngress, type RegionalIngressArgs, GATEWAY_SELECTOR } from "./ingress";
export { GeoDns, type GeoDnsArgs, type GeoDnsEndpoint, type GeoDnsHealthCheckArgs } from "./geo-dns";
export { buildRoutingTable, type RoutingTable, type RoutingTableSpec, type GeoLocation } from "./geo-dns/table";
export { resolve, type Resolution, type UserLocation } from "./geo-dns/resolve";
export { partitionOf, type Partition } from "./lib/partition";
export type { Tags } from "./lib/tags";
