/**
 * Where alerts and alarms link to: the runbook document (docs/runbooks.md) as
 * its readers can open it, outside the repository.
 */

/**
 * Runbook document alerts link to when the stack names none: a placeholder of
 * the repository's URL (components/monitoring/README.md says what to set).
 */
export const DEFAULT_RUNBOOK_BASE_URL = "https://github.com/example-org/inference-platform/blob/main/docs/runbooks.md";

/**
 * Why `url` cannot be the runbook base, or undefined when it can: alerts and
 * alarms reach people outside the repository (mail, chat), so the link must be
 * an absolute http(s) URL; each alert appends `#<alert>`, so no fragment.
 */
export function runbookBaseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not an absolute URL: give an http(s) URL such as ${DEFAULT_RUNBOOK_BASE_URL}`;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return `"${url}" is not an http(s) URL: give one such as ${DEFAULT_RUNBOOK_BASE_URL}`;
  if (url.includes("#")) return `"${url}" has a fragment: give the document only, each alert appends #<alert>`;
  return undefined;
}
