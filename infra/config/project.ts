/** Project name (Pulumi.yaml): the namespace of every config key. */
export const PROJECT = "inference-platform";
