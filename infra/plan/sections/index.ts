// Extra lines of the text plan, per region and per stack, read from the stack outputs.
// Add a section: write a function in its own file here and list it below.
import { dataPlaneSection } from "./data-plane";
import { dnsSection } from "./dns";
import { ingressSection } from "./ingress";
import { monitoringSection } from "./monitoring";

/** Lines printed under a region, from that region's outputs. */
export type RegionSection = (region: Record<string, unknown>) => string[];
/** Lines printed after the regions, from the stack outputs. */
export type StackSection = (outputs: Record<string, unknown>) => string[];

/** Region sections in print order. */
export const regionSections: RegionSection[] = [
  dataPlaneSection,
  ingressSection,
  monitoringSection,
];

/** Stack sections in print order. */
export const stackSections: StackSection[] = [
  dnsSection,
];
