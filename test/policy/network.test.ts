import { describe } from "vitest";
import { networkCases } from "./cases/network";
import { testCases } from "./cases-runner";

describe("EC2/VPC, KMS and log rules, each case on a copy of a real stack", () => testCases(networkCases));
