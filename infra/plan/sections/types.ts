// The shapes of the text plan's extra sections (kept apart from the list so sections do not import it).

/** Lines printed under a region, from that region's outputs. */
export type RegionSection = (region: Record<string, unknown>) => string[];
/** Lines printed after the regions, from the stack outputs. */
export type StackSection = (outputs: Record<string, unknown>) => string[];
