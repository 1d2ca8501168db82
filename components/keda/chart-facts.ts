/**
 * What the pinned KEDA chart itself declares, recorded so a test can hold the
 * component's image pins to it. Pulumi-free.
 *
 * Source: kedacore/charts at tag v2.20.2 (2026-07-31), `keda/Chart.yaml`
 * (`version`, `appVersion`) and `keda/values.yaml` (`image.<key>.registry`,
 * `.repository`, `.tag`). Every `tag` there is empty: the templates
 * (`keda/templates/{manager,metrics-server,webhooks}/deployment.yaml`) render
 * `<registry>/<repository>:<tag or appVersion>`, so the images the chart was
 * written for are tagged with its appVersion. These three Deployments are the
 * only pods the chart runs (no hooks, no Jobs). KEDA 2.20 is tested on
 * Kubernetes 1.33 to 1.35 (keda.sh/docs/2.20/operate/cluster): 1.36, which
 * components/lib/kubernetes-versions.ts allows, is not in KEDA's tested range
 * yet (known gap: re-check when a KEDA release lists it).
 * Recorded: 2026-11-29. Re-read both files when the chart version changes.
 */
export const KEDA_CHART_FACTS = {
  recorded: "2026-11-29",
  source: "https://github.com/kedacore/charts/tree/v2.20.2/keda",
  chart: "keda",
  chartVersion: "2.20.2",
  appVersion: "2.20.2",
  /** `image.<key>` of values.yaml: every image a pod of the chart runs. */
  images: {
    keda: { registry: "ghcr.io", repository: "kedacore/keda" },
    metricsApiServer: { registry: "ghcr.io", repository: "kedacore/keda-metrics-apiserver" },
    webhooks: { registry: "ghcr.io", repository: "kedacore/keda-admission-webhooks" },
  },
  /**
   * The `app` label each Deployment selects its pods by (from the default
   * `operator.name` and `webhooks.name`), keyed like `images`.
   */
  appLabels: {
    keda: "keda-operator",
    metricsApiServer: "keda-operator-metrics-apiserver",
    webhooks: "keda-admission-webhooks",
  },
} as const;

/** A key under the chart's `image:` values (one per Deployment). */
export type KedaChartImageKey = keyof typeof KEDA_CHART_FACTS.images;
