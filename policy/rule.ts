import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

/** What every rule of the pack documents besides the CrossGuard fields. */
export interface RuleControl {
  /**
   * The control the rule implements, e.g. "AWS Security Hub FSBP EKS.1" or
   * "CIS Amazon EKS Benchmark 5.4.2", or "platform" for our own invariants.
   */
  control: string;
}

/** A resource rule of the pack: a plain CrossGuard policy object plus its control. */
export type PlatformResourceRule = ResourceValidationPolicy & RuleControl;

/** A stack rule of the pack (sees every resource at once). */
export type PlatformStackRule = StackValidationPolicy & RuleControl;
