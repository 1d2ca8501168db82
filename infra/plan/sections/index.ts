// Extra lines of the text plan, per region and per stack, read from the stack outputs.
// Add a section: write a function in its own file here and list it below.

/** Lines printed under a region, from that region's outputs. */
export type RegionSection = (region: Record<string, unknown>) => string[];
/** Lines printed after the regions, from the stack outputs. */
export type StackSection = (outputs: Record<string, unknown>) => string[];

/** Region sections in print order. */
export const regionSections: RegionSection[] = [];

/** Stack sections in print order. */
export const stackSections: StackSection[] = [];
