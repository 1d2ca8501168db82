// Stack-file keys of the global DNS that routes clients to a region.
import type { RenderedStack } from "../../../infra/plan/harness";
import { dnsIn, inDns, inputs, named, type Doc, type Reaches, type Unreached } from "../../support/config-keys";
import { T } from "./shared";

const record = (r: RenderedStack, name: string): Doc => inputs(r, T.record, `dns-${name}`);
const CHINA_NLB = /elb\.cn-north-1\.amazonaws\.com\.cn$/;
// The awsRegion edit (stack.ts) moves Frankfurt to eu-west-1.
const FRANKFURT_NLB = /elb\.eu-west-1\.amazonaws\.com$/;

export const DNS_KEYS: Record<string, Reaches | Unreached> = {
  "dns.zone.id": { ...inDns("dev", "zone.id", "Z0DEVOTHERZONE"), found: (r) => record(r, "latency-hongkong").zoneId },
  "dns.zone.create": {
    ...inDns("prod", "zone.create", "inference.example.com", (dns) => { delete dns.zone.id; }),
    found: (r) => inputs(r, "aws:route53/zone:Zone", "dns-zone").name,
  },
  "dns.recordName": { ...inDns("dev", "recordName", "llm.dev.inference.example.com"), found: (r) => record(r, "latency-frankfurt").name },
  "dns.routingPolicy": {
    ...inDns("dev", "routingPolicy", "latency"),
    found: (r) => record(r, "latency-frankfurt").latencyRoutingPolicies,
    expected: [{ region: "cn-northwest-1" }],
  },
  // Every geolocation record changes region, so none keeps its target by accident.
  "dns.routes[].location": {
    copy: "prod", value: "country:JP",
    edit: (c) => { dnsIn(c).routes.push({ location: "country:JP", region: "frankfurt" }); },
    found: (r) => [record(r, "country-JP").geolocationRoutingPolicies, FRANKFURT_NLB.test(record(r, "country-JP").records[0])],
    expected: [[{ country: "JP" }], true],
  },
  "dns.routes[].region": {
    copy: "prod", value: "frankfurt",
    edit: (c) => { named(dnsIn(c).routes, "country:CN", "location").region = "frankfurt"; },
    found: (r) => FRANKFURT_NLB.test(record(r, "country-CN").records[0]),
    expected: true,
  },
  "dns.defaultRegion": { ...inDns("prod", "defaultRegion", "china"), found: (r) => CHINA_NLB.test(record(r, "default").records[0]), expected: true },
  "dns.ttlSeconds": { ...inDns("prod", "ttlSeconds", 30), found: (r) => record(r, "default").ttl },
  "dns.healthCheck.path": { ...inDns("prod", "healthCheck.path", "/ready"), found: (r) => inputs(r, T.healthCheck, "dns-frankfurt").resourcePath },
  "dns.healthCheck.intervalSeconds": { ...inDns("prod", "healthCheck.intervalSeconds", 10), found: (r) => inputs(r, T.healthCheck, "dns-frankfurt").requestInterval },
  "dns.healthCheck.failureThreshold": { ...inDns("prod", "healthCheck.failureThreshold", 7), found: (r) => inputs(r, T.healthCheck, "dns-frankfurt").failureThreshold },
  "dns.healthCheck.port": { ...inDns("prod", "healthCheck.port", 8443), found: (r) => inputs(r, T.healthCheck, "dns-frankfurt").port },
  "dns.alarms": { ...inDns("dev", "alarms", false), found: (r) => r.resources.some((x) => x.type === T.alarm && x.name.startsWith("dns-")) },
  "dns.alarmEmails": { ...inDns("prod", "alarmEmails", ["dns-oncall@example.com"]), found: (r) => [inputs(r, T.subscription, "dns-alarms-0").endpoint] },
  "dns.profile": { ...inDns("prod", "profile", "inference-prod-dns"), found: (r) => inputs(r, T.awsProvider, "dns-aws").profile },
  "dns.assumeRoleArn": {
    ...inDns("dev", "assumeRoleArn", "arn:aws:iam::444455556666:role/dns-admin", (dns) => { delete dns.profile; }),
    found: (r) => JSON.parse(inputs(r, T.awsProvider, "dns-aws").assumeRoles)[0].roleArn,
  },
};
