/** AWS resource tags. */
export type Tags = Record<string, string>;

/** Tag keys every taggable AWS resource of the platform must carry. */
export const REQUIRED_TAG_KEYS = ["project", "stack", "region", "owner"] as const;

/**
 * Tag naming the environment (`dev`|`prod`) a resource belongs to: RegionalPlatform
 * sets it from its `environment`, and the policy pack holds a resource tagged
 * `prod` to the production rules whatever its stack is called.
 */
export const ENVIRONMENT_TAG = "environment";

/** `base` plus a `Name` tag, the way the console lists resources. */
export function namedTags(base: Tags, name: string): Tags {
  return { ...base, Name: name };
}
