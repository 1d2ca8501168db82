// An application stack on the inference platform: it reads the platform stack's outputs and runs a
// worker in one region's cluster, with that region's Redis, Kafka and model endpoint.
import * as pulumi from "@pulumi/pulumi";
import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { Provider } from "@pulumi/kubernetes/provider";
import { kubeconfigFor, readPlatform, type PlatformOutputs, type PlatformRegionOutputs } from "inference-platform";

const config = new pulumi.Config();
const platformStack = config.get("platformStack") ?? "org/inference-platform/prod";
const regionName = config.get("region") ?? "frankfurt";
// China's cluster lives in its own partition and account: the profile (or role) that reaches it signs the token.
const awsProfile = config.get("awsProfile");
const roleArn = config.get("roleArn");

/** The region this stack deploys into, or an error naming the regions the platform has. */
function regionOf(platform: PlatformOutputs, name: string): PlatformRegionOutputs {
  const found = platform.regions[name];
  if (!found) throw new Error(`${platformStack} has no region "${name}" (it has ${Object.keys(platform.regions).join(", ")})`);
  return found;
}

// Checked against PlatformOutputs: a platform stack missing a key fails here, naming it.
const region = readPlatform(new pulumi.StackReference(platformStack)).apply((p) => regionOf(p, regionName));

// The platform's cluster, reached with `aws eks get-token`: no credential is kept in this stack's state.
const cluster = new Provider("platform", {
  kubeconfig: kubeconfigFor({
    clusterName: region.cluster.name,
    endpoint: region.cluster.endpoint,
    certificateAuthority: region.cluster.certificateAuthority,
    region: region.awsRegion,
    profile: awsProfile,
    roleArn,
  }),
});

const labels = { "app.kubernetes.io/name": "summarizer" };
const worker = new Deployment("summarizer", {
  metadata: { namespace: region.appNamespace, labels },
  spec: {
    replicas: 2,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        // MSK admits this service account (IAM auth); the Kafka connection ConfigMap names the topics.
        serviceAccountName: region.kafka.connection.serviceAccount,
        // The application namespace enforces Pod Security "restricted".
        securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
        containers: [{
          name: "worker",
          image: config.require("image"),
          envFrom: [
            { configMapRef: { name: region.redis.connection.configMap } },
            { secretRef: { name: region.redis.connection.secret } },
            { configMapRef: { name: region.kafka.connection.configMap } },
          ],
          env: [{ name: "MODEL_ENDPOINT", value: region.modelEndpoint }],
          resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "256Mi" } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        }],
      },
    },
  },
}, { provider: cluster });

export const namespace = worker.metadata.namespace;
export const publicHostname = region.hostname;
