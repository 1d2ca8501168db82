// The AWS Load Balancer Controller's Service annotations, read where a plan
// asks for a load balancer: a LoadBalancer Service, or an EnvoyProxy whose
// envoyService Envoy Gateway turns into such a Service at runtime.
import { list, record, text, type PropertyMap } from "./values";

const LB = "service.beta.kubernetes.io/aws-load-balancer";

/** Annotations the pack's load-balancer rules read. */
export const LB_ANNOTATIONS = {
  scheme: `${LB}-scheme`,
  sslCert: `${LB}-ssl-cert`,
  sslNegotiationPolicy: `${LB}-ssl-negotiation-policy`,
} as const;

const SERVICE = "kubernetes:core/v1:Service";
const ENVOY_PROXY = "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy";

/** Resource types that can ask for a load balancer. */
export const LOAD_BALANCER_TYPES: readonly string[] = [SERVICE, ENVOY_PROXY];

/** A load balancer a resource asks for. */
export interface RequestedLoadBalancer {
  /** Where it is declared, for messages. */
  where: string;
  annotations: PropertyMap;
  /** Listener ports the resource lists (an EnvoyProxy lists none: its Gateway's listeners decide). */
  ports: unknown[];
  /** True for the scheme annotation `internet-facing`; the controller makes internal ones unless told otherwise. */
  internetFacing: boolean;
}

/** The load balancer of a LoadBalancer Service or of an EnvoyProxy's envoyService (LoadBalancer unless it says otherwise). */
export function loadBalancerOf(type: string, props: PropertyMap): RequestedLoadBalancer | undefined {
  let where: string;
  let annotations: PropertyMap;
  let ports: unknown[] = [];
  if (type === SERVICE) {
    const spec = record(props.spec) ?? {};
    if (text(spec.type) !== "LoadBalancer") return undefined;
    where = "Service";
    annotations = record(record(props.metadata)?.annotations) ?? {};
    ports = list(spec.ports);
  } else if (type === ENVOY_PROXY) {
    const service = record(record(record(record(props.spec)?.provider)?.kubernetes)?.envoyService) ?? {};
    if ((text(service.type) ?? "LoadBalancer") !== "LoadBalancer") return undefined;
    where = "spec.provider.kubernetes.envoyService";
    annotations = record(service.annotations) ?? {};
  } else return undefined;
  return { where, annotations, ports, internetFacing: text(annotations[LB_ANNOTATIONS.scheme]) === "internet-facing" };
}
