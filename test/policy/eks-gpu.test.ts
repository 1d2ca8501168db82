import { describe } from "vitest";
import { eksGpuCases } from "./cases/eks-gpu";
import { testCases } from "./cases-runner";

describe("EKS and GPU rules, each case on a copy of a real stack", () => testCases(eksGpuCases));
