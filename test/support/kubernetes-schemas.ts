// The official schema of each Kubernetes kind our stacks register: the Kubernetes OpenAPI
// (kubernetes-models), KEDA's CRDs, the Prometheus operator's CRDs, the Gateway API's and Envoy
// Gateway's CRDs. Helm releases are Pulumi's own type, not an object the API server receives, and
// are left to their components' tests.
//
// Version skew: @kubernetes-models/gateway-api and @kubernetes-models/envoy-gateway 2.0.0 were
// generated from Gateway API v1.5.1 and Envoy Gateway v1.7.3, while the front door pins Envoy
// Gateway v1.9.0 (with Gateway API v1.6.1). Fields added after 1.7.3 (BackendTrafficPolicy's
// circuitBreaker.retryBudget and responseOverride[].source) are unknown to these schemas and pass
// only because the compiled validators do not refuse unknown fields: their shape is checked by
// the front door's own tests, not here. Known fields are checked against the older schema.
import { BackendTrafficPolicy } from "@kubernetes-models/envoy-gateway/gateway.envoyproxy.io/v1alpha1/BackendTrafficPolicy";
import { ClientTrafficPolicy } from "@kubernetes-models/envoy-gateway/gateway.envoyproxy.io/v1alpha1/ClientTrafficPolicy";
import { EnvoyProxy } from "@kubernetes-models/envoy-gateway/gateway.envoyproxy.io/v1alpha1/EnvoyProxy";
import { SecurityPolicy } from "@kubernetes-models/envoy-gateway/gateway.envoyproxy.io/v1alpha1/SecurityPolicy";
import { Gateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { GatewayClass } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewayClass";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Job } from "kubernetes-models/batch/v1/Job";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { PriorityClass } from "kubernetes-models/scheduling.k8s.io/v1/PriorityClass";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";

type Obj = Record<string, unknown>;

/**
 * A model's `validate()`, which throws on an invalid object. Its base class lives in
 * @kubernetes-models/base, whose types only its package `exports` name, which this
 * project's `node` module resolution does not read: the method is typed here.
 */
interface Validated {
  validate(): void;
}
const model = (m: object): Validated => m as Validated;

/** The schema model of each Kubernetes type, by Pulumi type token. */
export const KUBERNETES_SCHEMAS: Record<string, (o: Obj) => Validated> = {
  "kubernetes:core/v1:Namespace": (o) => model(new Namespace(o as never)),
  "kubernetes:core/v1:ConfigMap": (o) => model(new ConfigMap(o as never)),
  "kubernetes:core/v1:Secret": (o) => model(new Secret(o as never)),
  "kubernetes:core/v1:ServiceAccount": (o) => model(new ServiceAccount(o as never)),
  "kubernetes:core/v1:Service": (o) => model(new Service(o as never)),
  "kubernetes:apps/v1:Deployment": (o) => model(new Deployment(o as never)),
  "kubernetes:batch/v1:Job": (o) => model(new Job(o as never)),
  "kubernetes:policy/v1:PodDisruptionBudget": (o) => model(new PodDisruptionBudget(o as never)),
  "kubernetes:scheduling.k8s.io/v1:PriorityClass": (o) => model(new PriorityClass(o as never)),
  "kubernetes:storage.k8s.io/v1:StorageClass": (o) => model(new StorageClass(o as never)),
  "kubernetes:keda.sh/v1alpha1:ScaledObject": (o) => model(new ScaledObject(o as never)),
  "kubernetes:monitoring.coreos.com/v1:PodMonitor": (o) => model(new PodMonitor(o as never)),
  "kubernetes:monitoring.coreos.com/v1:ServiceMonitor": (o) => model(new ServiceMonitor(o as never)),
  "kubernetes:monitoring.coreos.com/v1:PrometheusRule": (o) => model(new PrometheusRule(o as never)),
  "kubernetes:gateway.networking.k8s.io/v1:GatewayClass": (o) => model(new GatewayClass(o as never)),
  "kubernetes:gateway.networking.k8s.io/v1:Gateway": (o) => model(new Gateway(o as never)),
  "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute": (o) => model(new HTTPRoute(o as never)),
  "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy": (o) => model(new EnvoyProxy(o as never)),
  "kubernetes:gateway.envoyproxy.io/v1alpha1:BackendTrafficPolicy": (o) => model(new BackendTrafficPolicy(o as never)),
  "kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy": (o) => model(new ClientTrafficPolicy(o as never)),
  "kubernetes:gateway.envoyproxy.io/v1alpha1:SecurityPolicy": (o) => model(new SecurityPolicy(o as never)),
};

/** Types that are not objects the API server validates against a schema of ours. */
export const NOT_SCHEMA_CHECKED = new Set(["kubernetes:helm.sh/v3:Release"]);

/** The schema's message for `o` of Pulumi type `type`, or "valid". Throws when the type has no schema here. */
export function schemaVerdict(type: string, o: Obj): string {
  const schema = KUBERNETES_SCHEMAS[type];
  if (!schema) throw new Error(`no schema for ${type}: add it to test/support/kubernetes-schemas.ts`);
  try {
    schema(o).validate();
    return "valid";
  } catch (e) {
    return (e as Error).message;
  }
}
