import { onlyTypes } from "../lib/applies";
import { configWithDefaults } from "../lib/config";
import { numeric } from "../lib/values";
import type { PlatformResourceRule } from "../rule";

const defaults = { maxTtlSeconds: 60 };

/**
 * A health check only moves users as fast as resolvers forget the old answer.
 * With health checks Route 53 recommends a TTL of 60 s or less "so clients
 * respond quickly to changes in health status" (Route 53 Developer Guide,
 * values for geolocation records, TTL).
 */
export const route53HealthCheckedTtl: PlatformResourceRule = {
  name: "route53-health-checked-ttl",
  description: "Route 53 records bound to a health check have a TTL of at most 60 seconds.",
  control: "AWS Well-Architected REL11-BP02 (fail over to healthy resources)",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      maxTtlSeconds: { type: "integer", minimum: 0, default: defaults.maxTtlSeconds, description: "Largest TTL allowed on a health-checked record." },
    },
  },
  validateResource: onlyTypes(["aws:route53/record:Record"], (args, report) => {
    const healthChecked = args.props.healthCheckId !== undefined && args.props.healthCheckId !== "";
    if (!healthChecked) return;
    const { maxTtlSeconds } = configWithDefaults(args, defaults);
    const ttl = numeric(args.props.ttl);
    if (ttl === undefined) return; // alias records carry no TTL of their own
    if (ttl > maxTtlSeconds) {
      report(`TTL ${ttl} s on a health-checked record: resolvers would keep sending users to a failed region for up to ${ttl} s; use ${maxTtlSeconds} s or less.`);
    }
  }),
};
