/** Kubernetes label selectors, evaluated the way the API server (and the Prometheus operator) does. */

/** One `matchExpressions` entry. */
export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

/** A `metav1.LabelSelector`; `{}` selects everything. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** True when an object with `labels` is selected by `selector`. */
export function labelsMatchSelector(labels: Record<string, string>, selector: LabelSelector): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((req) => {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const value = labels[req.key];
    switch (req.operator) {
      case "In": return has && (req.values ?? []).includes(value!);
      case "NotIn": return !has || !(req.values ?? []).includes(value!);
      case "Exists": return has;
      case "DoesNotExist": return !has;
    }
    return false;
  });
  return byLabel && byExpression;
}
