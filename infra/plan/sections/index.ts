// Extra lines of the text plan, per region and per stack, read from the stack outputs.
// Add a section: write a function in its own file here and list it below.
import { dataPlaneSection } from "./data-plane";
import { dnsSection } from "./dns";
import { frontDoorSection } from "./front-door";
import { monitoringSection } from "./monitoring";
import type { RegionSection, StackSection } from "./types";

/** Region sections in print order. */
export const regionSections: RegionSection[] = [
  dataPlaneSection,
  frontDoorSection,
  monitoringSection,
];

/** Stack sections in print order. */
export const stackSections: StackSection[] = [
  dnsSection,
];
