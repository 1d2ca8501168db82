// The stack file's `regions[].ingress` section: the RegionalIngress contract plus the rule that needs the region.
import { describe, expect, it } from "vitest";
import { parseStackFile as parseFile, refusalOfEditedProd as refusal, type RawConfig as Config } from "../support/config";
import { editedStackFile } from "../support/render";

const region = (c: Config, i: number): Config => c["inference-platform:regions"][i];

describe("ingress config: good cases", () => {
  it("fills in the defaults of both real prod regions beside their certificates", () => {
    const defaults = { allowedSourceCidrs: ["0.0.0.0/0"], controllerReplicas: 2 };
    expect(parseFile("prod").regions.map((r) => r.ingress)).toEqual([
      { ...defaults, certificateArn: "arn:aws-cn:acm:cn-north-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" },
      { ...defaults, certificateArn: "arn:aws:acm:eu-central-1:444455556666:certificate/1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809" },
    ]);
  });

  it("accepts a certificate of the region's own region and partition, and narrowed sources", () => {
    const file = editedStackFile("prod", (c) => {
      region(c, 0).ingress = { certificateArn: "arn:aws-cn:acm:cn-north-1:123456789012:certificate/abc" };
      region(c, 1).ingress = { certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/abc", allowedSourceCidrs: ["203.0.113.0/24"] };
    });
    const cfg = parseFile("prod", file);
    expect(cfg.regions[0]!.ingress.certificateArn).toBe("arn:aws-cn:acm:cn-north-1:123456789012:certificate/abc");
    expect(cfg.regions[1]!.ingress).toMatchObject({ certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/abc", allowedSourceCidrs: ["203.0.113.0/24"] });
  });
});

describe("ingress config: refused cases name what is allowed", () => {
  it("refuses a source range that is not a CIDR, and no source range at all", () => {
    expect(refusal((c) => { region(c, 0).ingress = { allowedSourceCidrs: ["10.0.0.0/33"] }; }))
      .toContain('inference-platform:regions[0].ingress.allowedSourceCidrs[0] (got "10.0.0.0/33"): an IPv4 CIDR such as 203.0.113.0/24');
    expect(refusal((c) => { region(c, 0).ingress = { allowedSourceCidrs: [] }; }))
      .toContain('inference-platform:regions[0].ingress.allowedSourceCidrs (got []): at least one CIDR; ["0.0.0.0/0"] serves the public internet on 443');
  });

  it("refuses a certificate of another partition or region", () => {
    expect(refusal((c) => { region(c, 0).ingress = { certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/abc" }; }))
      .toContain("inference-platform:regions[0].ingress.certificateArn (got \"arn:aws:acm:eu-central-1:123456789012:certificate/abc\"): must be an ACM certificate of cn-north-1 (arn:aws-cn:acm:cn-north-1:…)");
  });

  it("refuses no controller, and a prod region without a certificate", () => {
    const message = refusal((c) => { region(c, 1).ingress = { controllerReplicas: 0 }; });
    expect(message).toContain("inference-platform:regions[1].ingress.controllerReplicas (got 0): at least 1");
    expect(refusal((c) => { delete region(c, 0).ingress.certificateArn; })).toContain(
      "inference-platform:regions[0].ingress.certificateArn (missing): required in prod: clients must get a certificate they trust");
  });

  it("lets dev pass TLS through without a certificate", () => {
    expect(parseFile("dev").regions.map((r) => r.ingress.certificateArn)).toEqual([undefined, undefined]);
  });
});
