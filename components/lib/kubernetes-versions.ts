/**
 * The Kubernetes versions this platform runs on EKS, with the day each leaves
 * EKS standard support, and the rules drawn from them. Pulumi-free and
 * zod-free; every rule takes "today" as an argument so a test can pin it.
 *
 * Source: the EKS Kubernetes release calendar,
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar
 * (dates UTC; extended-support billing starts at the beginning of the end day).
 * 1.34 ends 2026-12-02 and 1.35 ends 2027-03-27 (exact dates in the calendar);
 * 1.36 ends "August 2027", a month-only, approximate date, so its first day
 * stands in: the platform then refuses early rather than late. 1.33 left
 * standard support on 2026-07-29 and is not listed.
 *
 * China (cn-north-1, cn-northwest-1): docs.amazonaws.cn publishes the same
 * calendar page, but the copy read was too old to show 1.36; whether EKS in the
 * aws-cn partition already offers 1.36 is unconfirmed. Check
 * `aws eks describe-cluster-versions --region cn-north-1` before moving a
 * China region to 1.36.
 */

/** When the table was last checked against the EKS calendar. */
export const KUBERNETES_VERSIONS_RECORDED = "2026-11-29";

/** How long before its end a version draws a warning. */
const WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

interface EksVersionFacts {
  /** First day (UTC) the version is no longer in standard support. */
  endOfStandardSupport: string;
  /** The calendar gives only a month: shown as such in messages. */
  approximate?: true;
}

/** Kubernetes minor versions EKS offers in standard support, oldest first. */
export const EKS_KUBERNETES_VERSIONS = {
  "1.34": { endOfStandardSupport: "2026-12-02" },
  "1.35": { endOfStandardSupport: "2027-03-27" },
  "1.36": { endOfStandardSupport: "2027-08-01", approximate: true },
} as const satisfies Record<string, EksVersionFacts>;

/** A Kubernetes minor version of the table, e.g. `"1.35"`. */
export type KubernetesVersion = keyof typeof EKS_KUBERNETES_VERSIONS;

/** Every version of the table, oldest first. */
export const KNOWN_KUBERNETES_VERSIONS = Object.keys(EKS_KUBERNETES_VERSIONS) as KubernetesVersion[];

const facts = (version: KubernetesVersion): EksVersionFacts => EKS_KUBERNETES_VERSIONS[version];

/** The UTC calendar day of `when`, as YYYY-MM-DD. */
function dayOf(when: Date): string {
  return when.toISOString().slice(0, 10);
}

/** The end of standard support as messages show it: the day, or the month when only that is known. */
function endText(version: KubernetesVersion): string {
  const f = facts(version);
  return f.approximate ? `about ${f.endOfStandardSupport.slice(0, 7)}` : f.endOfStandardSupport;
}

/** Whole days from `today` (its UTC day) to the version's end of standard support; 0 or less once it has ended. */
function daysLeft(version: KubernetesVersion, today: Date): number {
  return Math.round((Date.parse(`${facts(version).endOfStandardSupport}T00:00:00Z`) - Date.parse(`${dayOf(today)}T00:00:00Z`)) / DAY_MS);
}

/** Whether `version` is a version of the table. */
function isKnownKubernetesVersion(version: unknown): version is KubernetesVersion {
  return typeof version === "string" && Object.hasOwn(EKS_KUBERNETES_VERSIONS, version);
}

/** The versions still in EKS standard support on `today`, oldest first. */
export function kubernetesVersionsInStandardSupport(today: Date): KubernetesVersion[] {
  return KNOWN_KUBERNETES_VERSIONS.filter((v) => daysLeft(v, today) > 0);
}

/** What is allowed on `today`, for messages. */
export function allowedKubernetesVersions(today: Date): string {
  const allowed = kubernetesVersionsInStandardSupport(today);
  const when = `EKS standard support on ${dayOf(today)}, calendar read ${KUBERNETES_VERSIONS_RECORDED}`;
  return allowed.length > 0
    ? `one of ${allowed.join(", ")} (${when})`
    : `no version of components/lib/kubernetes-versions.ts is in ${when}; re-read the EKS calendar`;
}

/**
 * Why `version` is refused on `today`, or undefined when it is allowed: not a
 * version of the table, or past its end of standard support (extended support
 * costs extra per cluster hour and ends in a forced upgrade).
 */
export function kubernetesVersionRefusal(version: unknown, today: Date): string | undefined {
  if (!isKnownKubernetesVersion(version)) return allowedKubernetesVersions(today);
  if (daysLeft(version, today) > 0) return undefined;
  return `${version} left EKS standard support on ${endText(version)} (extended support is billed per cluster hour); ${allowedKubernetesVersions(today)}`;
}

/**
 * A warning when `version` leaves standard support within 30 days of `today`
 * (the upgrade, one minor at a time, should be under way); undefined
 * otherwise, and for a version already refused.
 */
export function kubernetesVersionWarning(version: KubernetesVersion, today: Date): string | undefined {
  const left = daysLeft(version, today);
  if (left <= 0 || left > WARNING_DAYS) return undefined;
  const next = KNOWN_KUBERNETES_VERSIONS[KNOWN_KUBERNETES_VERSIONS.indexOf(version) + 1];
  const upgrade = next ? `upgrade to ${next} before then` : "no newer version is in the table: re-read the EKS calendar";
  return `${version} leaves EKS standard support on ${endText(version)}, in ${left} day(s); ${upgrade}`;
}
