import type { PolicyResource } from "@pulumi/policy";
import { list, record, text } from "../lib/values";
import type { PlatformStackRule } from "../rule";

const RECORD = "aws:route53/record:Record";

/** True when the record is bound to a health check, known now or to be known after its check is created. */
function hasHealthCheck(r: PolicyResource): boolean {
  const id = r.props.healthCheckId;
  return (typeof id === "string" && id !== "") || (r.propertyDependencies?.healthCheckId?.length ?? 0) > 0;
}

/** Geolocation fields of a record, or undefined when it is not a geolocation record. */
function geolocationOf(r: PolicyResource): Record<string, unknown> | undefined {
  return record(list(r.props.geolocationRoutingPolicies)[0]);
}

/**
 * A geolocation group without a default (`*`) record answers "no answer" to
 * everyone outside the mapped locations and to addresses Route 53 cannot place;
 * a record without a health check is always considered healthy, so Route 53
 * never fails over away from it. Both defeat regional failover.
 */
export const route53GeolocationComplete: PlatformStackRule = {
  name: "route53-geolocation-complete",
  description: "Every Route 53 geolocation record group has a default (*) record, and every record in it a health check.",
  control: "AWS Well-Architected REL11-BP02 (fail over to healthy resources)",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const groups = new Map<string, PolicyResource[]>();
    for (const r of args.resources) {
      if (r.type !== RECORD || !geolocationOf(r)) continue;
      const key = `${text(r.props.zoneId) ?? "?"} ${text(r.props.name) ?? r.name} ${text(r.props.type) ?? ""}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const members of groups.values()) {
      const name = text(members[0]!.props.name) ?? members[0]!.name;
      if (!members.some((r) => text(geolocationOf(r)?.country) === "*")) {
        report(`geolocation records of ${name} have no default record (country "*"): users outside ${members.length} mapped location(s) get no answer.`, members[0]!.urn);
      }
      for (const r of members.filter((m) => !hasHealthCheck(m))) {
        report(`geolocation record ${text(r.props.setIdentifier) ?? r.name} of ${name} has no health check: Route 53 would keep sending its users to a failed region.`, r.urn);
      }
    }
  },
};
