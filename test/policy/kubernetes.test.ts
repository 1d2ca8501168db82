import { describe } from "vitest";
import { kubernetesCases } from "./cases/kubernetes";
import { testCases } from "./cases-runner";

describe("Kubernetes rules, each case on a copy of a real stack", () => testCases(kubernetesCases));
