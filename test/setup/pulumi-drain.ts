// Setup file of every test file. Files share workers one
// file after another, so a file must leave nothing in flight: registrations
// still on their way would reach the next file's mocks. After each file, wait
// for every outstanding registration (a hang here fails that file, by name).
import * as pulumi from "@pulumi/pulumi";
import { afterAll } from "vitest";

afterAll(async () => {
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
});
