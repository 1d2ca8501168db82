import { describe } from "vitest";
import { platformCases } from "./cases/platform";
import { testCases } from "./cases-runner";

describe("partition, tagging, production and stack rules, each case on a copy of a real stack", () => testCases(platformCases));
