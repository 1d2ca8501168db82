/**
 * A rule's configuration: the engine fills schema defaults before calling a
 * policy, and the in-process runner does the same; merging over `defaults`
 * again keeps a rule correct when it is called with an empty config.
 */
export function configWithDefaults<T extends object>(args: { getConfig<U extends object>(): U }, defaults: T): T {
  return { ...defaults, ...args.getConfig<Partial<T>>() };
}
