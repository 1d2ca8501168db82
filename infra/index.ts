// The stack program: reads the stack file, then only composes components.
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig, StackConfigError } from "./config";
import { buildPlatform } from "./platform";

export = async () => {
  try {
    return buildPlatform(loadStackConfig());
  } catch (err) {
    // A RunError prints just the message: the list of bad keys, no stack trace.
    if (err instanceof StackConfigError) throw new pulumi.RunError(err.message);
    throw err;
  }
};
