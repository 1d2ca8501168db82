// The stack file's `regions[].serving` section: refused before anything registers, one message naming
// the file, key, value and what is allowed, every problem at once; and a good edit is taken as written.
import { describe, expect, it } from "vitest";
import { parseStackFile as parseFile, refusalOfEditedProd as refusal, type RawConfig as Config } from "../support/config";
import { editedStackFile } from "../support/render";

const models = (c: Config, region: number): Config[] => c["inference-platform:regions"][region].serving.models;

describe("serving config: good cases", () => {
  it("takes a non-default queue target, tensor-parallel size and pool share as written", () => {
    const file = editedStackFile("prod", (c) => {
      Object.assign(models(c, 0)[0]!, { queueTarget: 12, tensorParallelSize: 2 });
      models(c, 1)[0]!.poolSharePercent = 70;
    });
    const cfg = parseFile("prod", file);
    expect(cfg.regions[0]!.serving.models[0]).toMatchObject({ queueTarget: 12, tensorParallelSize: 2 });
    expect(cfg.regions[1]!.serving.models[0]!.poolSharePercent).toBe(70);
  });
});

describe("serving config: refused cases name what is allowed", () => {
  it("refuses GPUs per replica above GPUs per node, a tier without a pool, no weights and a queue target ≤ 0, all at once", () => {
    // Two are the schema's, two need the region's plan: the plan's rules still run for a region that passes its schema.
    const message = refusal((c) => {
      models(c, 0)[0]!.tensorParallelSize = 8;
      models(c, 0)[1]!.pool = "p4d";
      delete models(c, 1)[0]!.weights;
      models(c, 1)[1]!.queueTarget = 0;
    });
    expect(message).toContain("Pulumi.prod.yaml");
    expect(message).toContain("inference-platform:regions[0].serving.models[0].tensorParallelSize (got 8): 8 GPUs per replica do not fit on one node of pool g5-12xl (4 GPUs per node)");
    expect(message).toContain('inference-platform:regions[0].serving.models[1].pool (got "p4d"): no GPU pool "p4d" in this region; pools: g5-12xl, g4dn-12xl');
    expect(message).toContain("inference-platform:regions[1].serving.models[0].weights (missing): required key is missing");
    expect(message).toContain("inference-platform:regions[1].serving.models[1].queueTarget (got 0): must be > 0");
  });

  it("refuses a placement whose autoscaler could never add a replica (min ≥ max)", () => {
    // 1 % of Frankfurt's 300 QPS is 3 QPS: one 30-QPS replica carries even its surge (30 QPS), so max = min = 1.
    const message = refusal((c) => {
      models(c, 1)[0]!.poolSharePercent = 99;
      models(c, 1)[1]!.poolSharePercent = 1;
    });
    expect(message).toMatch(/inference-platform:regions\[1\]\.serving\.models\[1\]\.poolSharePercent \(got 1\): max \d+ is not above min \d+/);
  });
});
