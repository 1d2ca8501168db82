/** AWS resource tags. */
export type Tags = Record<string, string>;

/** Tag keys every taggable AWS resource of the platform must carry. */
export const REQUIRED_TAG_KEYS = ["project", "stack", "region", "owner"] as const;

/** `base` plus a `Name` tag, the way the console lists resources. */
export function namedTags(base: Tags, name: string): Tags {
  return { ...base, Name: name };
}
