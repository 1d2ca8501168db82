// Every rule of the pack, one per file. Add a rule: create its file, then list it here.
import type { PlatformResourceRule, PlatformStackRule } from "../rule";
import { chinaImagesFromRegionRegistry } from "./china-images-from-region-registry";
import { cloudwatchAlarmHasAction } from "./cloudwatch-alarm-has-action";
import { clientTlsMinVersion } from "./client-tls-min-version";
import { ebsEncrypted } from "./ebs-encrypted";
import { ec2Imdsv2Required } from "./ec2-imdsv2-required";
import { eksAuditLogging } from "./eks-audit-logging";
import { eksEndpointNotPublic } from "./eks-endpoint-not-public";
import { eksSecretsEncrypted } from "./eks-secrets-encrypted";
import { eksSupportedVersion } from "./eks-supported-version";
import { elasticacheAuth } from "./elasticache-auth";
import { elasticacheAutoMinorUpgrade } from "./elasticache-auto-minor-upgrade";
import { elasticacheAutomaticFailover } from "./elasticache-automatic-failover";
import { elasticacheBackups } from "./elasticache-backups";
import { elasticacheEncryptedAtRest } from "./elasticache-encrypted-at-rest";
import { elasticacheEncryptedInTransit } from "./elasticache-encrypted-in-transit";
import { elasticacheSubnetGroup } from "./elasticache-subnet-group";
import { mskAuthenticatedClients } from "./msk-authenticated-clients";
import { mskBrokerLogs } from "./msk-broker-logs";
import { mskEncryptedAtRest } from "./msk-encrypted-at-rest";
import { mskEncryptedInTransit } from "./msk-encrypted-in-transit";
import { mskPublicAccessDisabled } from "./msk-public-access-disabled";
import { gatewayListenersTls } from "./gateway-listeners-tls";
import { gpuFamilyOffered } from "./gpu-family-offered";
import { gpuNodesTainted } from "./gpu-nodes-tainted";
import { gpuPoolMaxSize } from "./gpu-pool-max-size";
import { helmReleasePinned } from "./helm-release-pinned";
import { k8sGpuWorkloads } from "./k8s-gpu-workloads";
import { k8sNoHostAccess } from "./k8s-no-host-access";
import { k8sNoPrivileged } from "./k8s-no-privileged";
import { k8sRequestsLimits } from "./k8s-requests-limits";
import { kmsKeyRotation } from "./kms-key-rotation";
import { logGroupRetention } from "./log-group-retention";
import { partitionNoGlobalArns } from "./partition-no-global-arns";
import { prodMultiRegion } from "./prod-multi-region";
import { prodStatefulProtected } from "./prod-stateful-protected";
import { regionComplete } from "./region-complete";
import { requiredTags } from "./required-tags";
import { sgNoPublicIngress } from "./sg-no-public-ingress";
import { snsTopicKmsEncrypted } from "./sns-topic-kms-encrypted";
import { vpcFlowLogs } from "./vpc-flow-logs";
import { publicLbServiceTlsOnly } from "./public-lb-service-tls-only";
import { publicLbTlsPolicy } from "./public-lb-tls-policy";
import { route53GeolocationComplete } from "./route53-geolocation-complete";
import { route53HealthCheckHttps } from "./route53-health-check-https";
import { route53HealthCheckedTtl } from "./route53-health-checked-ttl";

/** Resource rules, in the order the README table lists them. */
export const resourceRules: PlatformResourceRule[] = [
  eksEndpointNotPublic,
  eksSecretsEncrypted,
  eksAuditLogging,
  eksSupportedVersion,
  gpuNodesTainted,
  gpuFamilyOffered,
  gpuPoolMaxSize,
  ec2Imdsv2Required,
  ebsEncrypted,
  kmsKeyRotation,
  logGroupRetention,
  k8sRequestsLimits,
  k8sGpuWorkloads,
  k8sNoPrivileged,
  k8sNoHostAccess,
  chinaImagesFromRegionRegistry,
  partitionNoGlobalArns,
  requiredTags,
  prodStatefulProtected,
  elasticacheEncryptedAtRest,
  elasticacheEncryptedInTransit,
  elasticacheAuth,
  elasticacheBackups,
  elasticacheAutoMinorUpgrade,
  elasticacheAutomaticFailover,
  elasticacheSubnetGroup,
  mskEncryptedInTransit,
  mskEncryptedAtRest,
  mskAuthenticatedClients,
  mskPublicAccessDisabled,
  mskBrokerLogs,
  route53HealthCheckHttps,
  route53HealthCheckedTtl,
  publicLbServiceTlsOnly,
  publicLbTlsPolicy,
  gatewayListenersTls,
  clientTlsMinVersion,
  snsTopicKmsEncrypted,
  cloudwatchAlarmHasAction,
  helmReleasePinned,
];

/** Stack rules. */
export const stackRules: PlatformStackRule[] = [
  vpcFlowLogs,
  sgNoPublicIngress,
  regionComplete,
  prodMultiRegion,
  route53GeolocationComplete,
];
