/**
 * Runs the pack in-process over a rendered stack (infra/plan/harness.ts), with
 * the arguments the Pulumi engine would pass each rule under `pulumi preview
 * --policy-pack policy`: the tests and `npm run plan` use it, and nothing here
 * starts the pack's gRPC server.
 *
 * Where it differs from the engine, knowingly:
 * - props are the recorded inputs (the engine passes inputs to resource rules
 *   and outputs to stack rules; our mocks echo inputs, so stack rules see the
 *   inputs plus nothing computed) and secrets are "[secret]", not plaintext;
 * - opts also carry `retainOnDelete` (the engine's PolicyResourceOptions has
 *   none in @pulumi/policy 1.21); `aliases` and `additionalSecretOutputs` are
 *   empty and stack rules get no `propertyDependencies`, as the harness does
 *   not record them;
 * - values the program did not know stay "[unknown]" strings instead of
 *   turning a rule into an advisory "can't run during preview".
 */
import type {
  EnforcementLevel,
  PolicyCustomTimeouts,
  PolicyPackConfig,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import type { RenderedResource, RenderedStack } from "./plan";
import { resourceRules as packResourceRules, stackRules as packStackRules } from "./rules";
import type { PlatformResourceRule, PlatformStackRule } from "./rule";

/** One violation, as `pulumi preview` would print it. */
export interface PolicyViolation {
  /** Rule name. */
  policy: string;
  enforcementLevel: "advisory" | "mandatory";
  /** Resource in violation; absent when a stack rule blames the whole stack. */
  urn?: string;
  message: string;
}

/** How to run the pack. */
export interface PolicyRunOptions {
  /**
   * Per-rule config, as `pulumi preview --policy-pack-config` takes it: rule
   * name → enforcement level, or an object of config values plus an optional
   * `enforcementLevel`. Schema defaults fill what is not given.
   */
  config?: PolicyPackConfig;
  /** Stack tags. @default `pulumi:project` (the engine's built-in tag) */
  stackTags?: Record<string, string>;
  /** Rules to run. @default the whole pack */
  resourceRules?: readonly PlatformResourceRule[];
  /** Stack rules to run. @default the whole pack */
  stackRules?: readonly PlatformStackRule[];
}

/** Enforcement a rule gets when neither it nor the config sets one (the PolicyPack default). */
const PACK_ENFORCEMENT: EnforcementLevel = "advisory";

/**
 * What `args.notApplicable()` throws; the engine's equivalent is private to
 * @pulumi/policy. Not an Error: most rules skip most resources, and capturing a
 * stack trace for each skip would dominate the run.
 */
class NotApplicable {
  constructor(readonly reason?: string) {}
}

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

/** Seconds in a Go duration such as "30m", "1h30m" or "90s" (what customTimeouts carry on the wire). */
export function durationSeconds(duration: string | undefined): number {
  if (!duration) return 0;
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(n) * units[unit!]!;
  return total;
}

function configEntry(config: PolicyPackConfig, policy: string): Record<string, unknown> {
  const entry = config[policy];
  return typeof entry === "string" ? { enforcementLevel: entry } : { ...(entry ?? {}) };
}

/** Enforcement as the engine decides it: config, else the rule's, else the pack's; remediate counts as mandatory. */
function enforcementOf(rule: PlatformResourceRule | PlatformStackRule, config: PolicyPackConfig): EnforcementLevel {
  const level = (configEntry(config, rule.name).enforcementLevel as EnforcementLevel | undefined) ?? rule.enforcementLevel ?? PACK_ENFORCEMENT;
  return level === "remediate" ? "mandatory" : level;
}

/** The rule's config: schema defaults, then the user's values (the engine applies defaults the same way). */
function getConfigOf(rule: PlatformResourceRule | PlatformStackRule, config: PolicyPackConfig): <T extends object>() => T {
  const defaults = Object.fromEntries(
    Object.entries(rule.configSchema?.properties ?? {})
      .filter(([, schema]) => schema.default !== undefined)
      .map(([key, schema]) => [key, schema.default]),
  );
  const { enforcementLevel: _level, ...values } = configEntry(config, rule.name);
  return <T extends object>() => ({ ...defaults, ...values }) as T;
}

/** isType/asType as the SDK implements them: by the class's `__pulumiType`, else its `isInstance`. */
function typeCheckers(type: string, props: Record<string, unknown>) {
  const isType = (resourceClass: unknown): boolean => {
    const cls = resourceClass as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
    if (cls.__pulumiType) return cls.__pulumiType === type;
    return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
  };
  return { isType, asType: (resourceClass: unknown) => (isType(resourceClass) ? props : undefined) };
}

function optionsOf(r: RenderedResource): PolicyResourceOptions & { retainOnDelete: boolean } {
  const timeouts: PolicyCustomTimeouts = {
    createSeconds: durationSeconds(r.options.customTimeouts?.create),
    updateSeconds: durationSeconds(r.options.customTimeouts?.update),
    deleteSeconds: durationSeconds(r.options.customTimeouts?.delete),
  };
  return {
    protect: r.options.protect,
    ignoreChanges: [...r.options.ignoreChanges],
    deleteBeforeReplace: r.options.deleteBeforeReplace,
    aliases: [],
    customTimeouts: timeouts,
    additionalSecretOutputs: [],
    parent: r.parent,
    retainOnDelete: r.options.retainOnDelete,
  };
}

/** Resolves a provider reference (`urn::id`) to the provider resource the engine would pass. */
function providerResolver(stack: RenderedStack): (ref: string | undefined) => PolicyProviderResource | undefined {
  const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
  return (ref) => {
    if (!ref) return undefined;
    const provider = byUrn.get(ref.slice(0, ref.lastIndexOf("::")));
    return provider && { type: provider.type, name: provider.name, urn: provider.urn, props: provider.inputs };
  };
}

/** Calls one validation, turning not-applicable into silence and rule bugs into the engine's error. */
async function guarded(policy: string, run: () => Promise<void> | void): Promise<void> {
  try {
    const pending = run();
    // Most rules are synchronous: awaiting only real promises keeps a plan's thousands of calls cheap.
    if (pending) await pending;
  } catch (e) {
    if (e instanceof NotApplicable) return;
    throw new Error(`Error validating resource with policy '${policy}' from policy pack 'inference-platform': ${(e as Error).message}`);
  }
}

/** Runs every enabled rule of the pack over `stack` and returns the violations, resource rules first. */
export async function runPolicyPack(stack: RenderedStack, options: PolicyRunOptions = {}): Promise<PolicyViolation[]> {
  const config = options.config ?? {};
  const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(options.stackTags ?? { "pulumi:project": stack.project }));
  const providerOf = providerResolver(stack);
  const violations: PolicyViolation[] = [];
  const reporter = (policy: string, level: EnforcementLevel, fallbackUrn?: string): ReportViolation => (message, urn) => {
    violations.push({ policy, enforcementLevel: level === "mandatory" ? "mandatory" : "advisory", urn: fallbackUrn ?? urn, message });
  };

  // What every rule sees of a resource, built once; each rule adds its own getConfig.
  const resourceArgs = stack.resources.map((r) => {
    const provider = providerOf(r.provider);
    return {
      type: r.type, props: r.inputs, urn: r.urn, name: r.name, opts: optionsOf(r),
      ...(provider ? { provider } : {}),
      stackTags, notApplicable, ...typeCheckers(r.type, r.inputs),
    };
  });
  for (const rule of options.resourceRules ?? packResourceRules) {
    const level = enforcementOf(rule, config);
    if (level === "disabled" || !rule.validateResource) continue;
    const validations = Array.isArray(rule.validateResource) ? rule.validateResource : [rule.validateResource];
    const getConfig = getConfigOf(rule, config);
    for (const base of resourceArgs) {
      const args = { ...base, getConfig } as ResourceValidationArgs;
      // Resource rules always blame the resource they validate, whatever urn they pass.
      const report = reporter(rule.name, level, args.urn);
      for (const validate of validations) await guarded(rule.name, () => validate(args, report));
    }
  }

  const stackRules = options.stackRules ?? packStackRules;
  if (stackRules.length > 0) {
    const resources = stackResources(stack, providerOf);
    for (const rule of stackRules) {
      const level = enforcementOf(rule, config);
      if (level === "disabled") continue;
      const args: StackValidationArgs = { resources, stackTags, getConfig: getConfigOf(rule, config), notApplicable };
      await guarded(rule.name, () => rule.validateStack(args, reporter(rule.name, level)));
    }
  }
  return violations;
}

/** The stack's resources as a stack rule sees them, parents and dependencies linked. */
function stackResources(stack: RenderedStack, providerOf: ReturnType<typeof providerResolver>): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const resources = stack.resources.map((r) => {
    const provider = providerOf(r.provider);
    const resource = {
      type: r.type, props: r.inputs, urn: r.urn, name: r.name, opts: optionsOf(r),
      ...(provider ? { provider } : {}),
      dependencies: [], propertyDependencies: {}, ...typeCheckers(r.type, r.inputs),
    } as unknown as PolicyResource;
    byUrn.set(r.urn, resource);
    return resource;
  });
  stack.resources.forEach((r, i) => {
    const resource = resources[i]!;
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    if (parent) resource.parent = parent;
    resource.dependencies = r.options.dependencies.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
  });
  return resources;
}

/** True when any violation is mandatory (the engine then fails the preview). */
export function hasMandatory(violations: readonly PolicyViolation[]): boolean {
  return violations.some((v) => v.enforcementLevel === "mandatory");
}
