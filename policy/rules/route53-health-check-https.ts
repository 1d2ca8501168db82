import { onlyTypes } from "../lib/applies";
import { text } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

/** Health check types that probe no endpoint of ours (they aggregate or watch other signals). */
const ENDPOINTLESS_TYPES = ["CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL"];

/**
 * Geo-DNS moves users between regions on the word of these checks, so they
 * must probe what users use: the public endpoints serve TLS on 443 only. An
 * HTTP check would need a plaintext listener opened just for it; a TCP check
 * only proves the port accepts connections, not that the gateway answers.
 */
export const route53HealthCheckHttps: PlatformResourceRule = {
  name: "route53-health-check-https",
  description: "Route 53 health checks of endpoints use HTTPS (optionally with string matching).",
  control: "AWS Well-Architected SEC09-BP02 (enforce encryption in transit); REL11-BP01 (monitor all components)",
  enforcementLevel: "mandatory",
  validateResource: onlyTypes(["aws:route53/healthCheck:HealthCheck"], (args, report) => {
    const type = text(args.props.type) ?? "";
    if (ENDPOINTLESS_TYPES.includes(type) || type === "HTTPS" || type === "HTTPS_STR_MATCH") return;
    report(`health check type is ${type || "unset"}: probe the public endpoint over HTTPS (type HTTPS or HTTPS_STR_MATCH), the only protocol it serves.`);
  }),
};
