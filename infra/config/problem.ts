// One refused value of a stack file, as load.ts and namespaces.ts report it.

/** One refused config value. */
export interface ConfigProblem {
  /** Full key with its path, e.g. `inference-platform:regions[0].awsRegion`. */
  key: string;
  /** The offending value as written, or undefined when the key is missing. */
  value: unknown;
  /** What is wrong and what is allowed. */
  message: string;
  /** How the message shows the value, when not as `got <value>` (a value kept back, a count). */
  shown?: string;
}
