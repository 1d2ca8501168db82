// Every rule of the pack, one per file. Add a rule: create its file, then list it here.
import type { PlatformResourceRule, PlatformStackRule } from "../rule";

/** Resource rules, in the order the README table lists them. */
export const resourceRules: PlatformResourceRule[] = [
];

/** Stack rules. */
export const stackRules: PlatformStackRule[] = [
];
