// Setup file of every test file. Pulumi takes stack traces for its own
// bookkeeping: one per promise it tracks (for leak reports) and one of
// unlimited depth per resource (its source position). In a test worker each
// trace is source-mapped frame by frame, milliseconds per resource, and under
// mocks none is ever read. So a trace taken inside @pulumi/pulumi by an Error
// without a message (how it takes them) stays unformatted; every other trace,
// such as a failing test's or an error Pulumi throws, is formatted as before.
import * as path from "node:path";

const PULUMI_SDK = `${path.sep}${path.join("node_modules", "@pulumi", "pulumi")}${path.sep}`;

type Prepare = NonNullable<typeof Error.prepareStackTrace> & { skipsPulumiTraces?: true };
const format = Error.prepareStackTrace as Prepare | undefined;

// Files that share a worker run this once each: wrap only once.
if (!format?.skipsPulumiTraces) {
  const prepare: Prepare = (err, frames) => {
    if (err.message === "" && frames[0]?.getFileName()?.includes(PULUMI_SDK)) return String(err);
    return format ? format(err, frames) : [String(err), ...frames.map((f) => `    at ${f}`)].join("\n");
  };
  prepare.skipsPulumiTraces = true;
  Error.prepareStackTrace = prepare;
}
