// Cases of the public-entry rules (the front door's Gateway, its EnvoyProxy's
// NLB, its ClientTrafficPolicy, and LoadBalancer Services a consumer may
// declare), and of the generic rules on the front door's Helm release.
import type { RenderedStack } from "../../../infra/plan/harness";
import { add, find, type PolicyCase } from "../support";

const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const ENVOY_PROXY = "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy";
const CLIENT_POLICY = "kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const LB = "service.beta.kubernetes.io/aws-load-balancer";
const CERT = "arn:aws:acm:eu-central-1:444455556666:certificate/1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809";
const CERT_REF = { group: "", kind: "Secret", name: "gateway-tls" };

/** The listeners of a region's Gateway, to edit in place. */
const listeners = (s: RenderedStack, region: string): Array<Record<string, any>> =>
  (find(s, GATEWAY, `${region}-front-door-gateway`).inputs.spec as { listeners: Array<Record<string, any>> }).listeners;
/** A region's NLB (the EnvoyProxy's envoyService), to edit in place. */
const envoyService = (s: RenderedStack, region: string): { type: string; annotations: Record<string, string> } =>
  (find(s, ENVOY_PROXY, `${region}-front-door-proxy`).inputs as { spec: { provider: { kubernetes: { envoyService: { type: string; annotations: Record<string, string> } } } } })
    .spec.provider.kubernetes.envoyService;
const nlbAnnotations = (s: RenderedStack, region: string): Record<string, string> => envoyService(s, region).annotations;
/** The TLS settings of a region's ClientTrafficPolicy, to edit in place. */
const clientSpec = (s: RenderedStack, region: string): Record<string, any> => find(s, CLIENT_POLICY, `${region}-front-door-client`).inputs.spec as Record<string, any>;
const envoyGatewayRelease = (s: RenderedStack, region: string): Record<string, any> => find(s, RELEASE, `${region}-front-door-envoy-gateway`).inputs;

/** Adds a consumer's LoadBalancer Service in Frankfurt (the stacks declare none: Envoy Gateway makes the NLB's at runtime). */
const consumerService = (s: RenderedStack, ports: number[], annotations: Record<string, string> = {}): void => {
  add(s, {
    type: "kubernetes:core/v1:Service", name: "case-lb", provider: "frankfurt-k8s",
    inputs: {
      apiVersion: "v1", kind: "Service",
      metadata: { name: "case-lb", namespace: "inference", annotations: { [`${LB}-type`]: "external", [`${LB}-scheme`]: "internet-facing", ...annotations } },
      spec: { type: "LoadBalancer", selector: { app: "case" }, ports: ports.map((port) => ({ name: `p${port}`, port, targetPort: 8443, protocol: "TCP" })) },
    },
  });
};

export const frontDoorCases: PolicyCase[] = [
  {
    rule: "public-lb-service-tls-only", title: "a consumer's internet-facing Service on 443 only", stack: "prod", fires: [],
    edit: (s) => consumerService(s, [443]),
  },
  {
    rule: "public-lb-service-tls-only", title: "a consumer's internet-facing Service also on 80", stack: "prod", fires: ["public-lb-service-tls-only"],
    edit: (s) => consumerService(s, [443, 80]),
  },
  {
    rule: "public-lb-service-tls-only", title: "an internal load balancer on 80 and 443", stack: "prod", fires: [],
    edit: (s) => consumerService(s, [80, 443], { [`${LB}-scheme`]: "internal" }),
  },
  {
    rule: "public-lb-service-tls-only", title: "port 8443 allowed once the user lists it", stack: "prod", fires: [],
    config: { "public-lb-service-tls-only": { allowedPorts: [443, 8443] } },
    edit: (s) => consumerService(s, [443, 8443]),
  },
  {
    rule: "public-lb-tls-policy", title: "the prod NLB on the TLS 1.3-only policy", stack: "prod", fires: [],
    edit: (s) => { nlbAnnotations(s, "frankfurt")[`${LB}-ssl-negotiation-policy`] = "ELBSecurityPolicy-TLS13-1-3-2021-06"; },
  },
  {
    rule: "public-lb-tls-policy", title: "dev's NLB given a certificate and the TLS 1.2+ restricted policy", stack: "dev", fires: [],
    edit: (s) => Object.assign(nlbAnnotations(s, "frankfurt"), {
      [`${LB}-ssl-cert`]: CERT, [`${LB}-ssl-ports`]: "443", [`${LB}-ssl-negotiation-policy`]: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    }),
  },
  {
    rule: "public-lb-tls-policy", title: "the China NLB negotiating from TLS 1.0", stack: "prod", fires: ["public-lb-tls-policy"],
    edit: (s) => { nlbAnnotations(s, "china")[`${LB}-ssl-negotiation-policy`] = "ELBSecurityPolicy-TLS13-1-0-2021-06"; },
  },
  {
    rule: "public-lb-tls-policy", title: "a certificate without a policy (the controller's 2016-08 default)", stack: "prod", fires: ["public-lb-tls-policy"],
    edit: (s) => { delete nlbAnnotations(s, "frankfurt")[`${LB}-ssl-negotiation-policy`]; },
  },
  {
    rule: "public-lb-tls-policy", title: "an internal NLB is another rule's business", stack: "prod", fires: [],
    edit: (s) => Object.assign(nlbAnnotations(s, "china"), { [`${LB}-scheme`]: "internal", [`${LB}-ssl-negotiation-policy`]: "ELBSecurityPolicy-2016-08" }),
  },
  {
    rule: "public-lb-tls-policy", title: "proxies behind a ClusterIP Service (no load balancer at all)", stack: "prod", fires: [],
    edit: (s) => {
      envoyService(s, "china").type = "ClusterIP";
      nlbAnnotations(s, "china")[`${LB}-ssl-negotiation-policy`] = "ELBSecurityPolicy-2016-08";
    },
  },
  {
    rule: "public-lb-tls-policy", title: "a consumer's Service terminating TLS with ELBSecurityPolicy-2016-08", stack: "prod", fires: ["public-lb-tls-policy"],
    edit: (s) => consumerService(s, [443], { [`${LB}-ssl-cert`]: CERT, [`${LB}-ssl-negotiation-policy`]: "ELBSecurityPolicy-2016-08" }),
  },
  {
    rule: "public-lb-tls-policy", title: "the user allowing the TLS 1.3-only policy alone", stack: "prod", fires: ["public-lb-tls-policy"],
    config: { "public-lb-tls-policy": { allowedPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] } },
    edit: () => undefined,
  },
  {
    rule: "gateway-listeners-tls", title: "a second listener: TLS on 8443, mode left to its Terminate default", stack: "prod", fires: [],
    edit: (s) => { listeners(s, "china").push({ name: "tls-alt", protocol: "TLS", port: 8443, tls: { certificateRefs: [CERT_REF] } }); },
  },
  {
    rule: "gateway-listeners-tls", title: "an HTTP listener on 80", stack: "prod", fires: ["gateway-listeners-tls"],
    edit: (s) => { listeners(s, "frankfurt").push({ name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Same" } } }); },
  },
  {
    rule: "gateway-listeners-tls", title: "TLS passed through to the backends", stack: "prod", fires: ["gateway-listeners-tls"],
    edit: (s) => { Object.assign(listeners(s, "china")[0]!, { protocol: "TLS", tls: { mode: "Passthrough" } }); },
  },
  {
    rule: "gateway-listeners-tls", title: "an HTTPS listener without a certificate", stack: "prod", fires: ["gateway-listeners-tls"],
    edit: (s) => { listeners(s, "frankfurt")[0]!.tls.certificateRefs = []; },
  },
  {
    rule: "gateway-listeners-tls", title: "a TCP listener on 443", stack: "dev", fires: ["gateway-listeners-tls"],
    edit: (s) => { Object.assign(listeners(s, "shanghai")[0]!, { protocol: "TCP" }); delete listeners(s, "shanghai")[0]!.tls; },
  },
  {
    rule: "client-tls-min-version", title: "TLS 1.3 only", stack: "prod", fires: [],
    edit: (s) => { clientSpec(s, "china").tls.minVersion = "1.3"; },
  },
  {
    rule: "client-tls-min-version", title: "no TLS settings (Envoy Gateway's floor is 1.2)", stack: "prod", fires: [],
    edit: (s) => { delete clientSpec(s, "frankfurt").tls; },
  },
  {
    rule: "client-tls-min-version", title: "minVersion 1.1", stack: "prod", fires: ["client-tls-min-version"],
    edit: (s) => { clientSpec(s, "china").tls.minVersion = "1.1"; },
  },
  {
    rule: "client-tls-min-version", title: "minVersion 1.0", stack: "dev", fires: ["client-tls-min-version"],
    edit: (s) => { clientSpec(s, "frankfurt").tls.minVersion = "1.0"; },
  },
  // The front door's Envoy Gateway release is judged by the generic Helm rules like any other.
  {
    rule: "china-images-from-region-registry", title: "the China Envoy proxies from a registry the user allows", stack: "prod", fires: [],
    config: { "china-images-from-region-registry": { allowedRegistries: ["registry.example.cn"] } },
    edit: (s) => { envoyGatewayRelease(s, "china").values.global.images.envoyProxy.image = "registry.example.cn/envoyproxy/envoy:distroless-v1.39.0"; },
  },
  {
    rule: "china-images-from-region-registry", title: "the China Envoy proxies from Docker Hub", stack: "prod", fires: ["china-images-from-region-registry"],
    edit: (s) => { envoyGatewayRelease(s, "china").values.global.images.envoyProxy.image = "docker.io/envoyproxy/envoy:distroless-v1.39.0"; },
  },
  {
    rule: "china-images-from-region-registry", title: "the China Envoy Gateway chart from Docker Hub", stack: "prod", fires: ["china-images-from-region-registry"],
    edit: (s) => { envoyGatewayRelease(s, "china").chart = "oci://docker.io/envoyproxy/gateway-helm"; },
  },
  {
    rule: "helm-release-pinned", title: "the Envoy Gateway chart pinned to a patch release", stack: "prod", fires: [],
    edit: (s) => { envoyGatewayRelease(s, "frankfurt").version = "v1.9.1"; },
  },
  {
    rule: "helm-release-pinned", title: "the Envoy Gateway chart at a minor version", stack: "prod", fires: ["helm-release-pinned"],
    edit: (s) => { envoyGatewayRelease(s, "frankfurt").version = "v1.9"; },
  },
  {
    rule: "k8s-no-privileged", title: "the Envoy Gateway controller made privileged", stack: "prod", fires: ["k8s-no-privileged"],
    edit: (s) => { envoyGatewayRelease(s, "frankfurt").values.deployment.envoyGateway = { securityContext: { privileged: true } }; },
  },
];
