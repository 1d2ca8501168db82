/**
 * The contract of GpuHeadroom: spare GPUs per pool, defined once. Pulumi-free.
 */
import { z } from "zod";

/** Priority of the placeholders: below every real workload, so any pod preempts them. */
export const HEADROOM_PRIORITY = -10;

/** Settings of the headroom placeholders. */
export const gpuHeadroomSettingsSchema = z.strictObject({
  /** Headroom per pool. */
  pools: z.array(z.strictObject({
    /** Pool name, as in the `inference.platform/pool` node label. */
    pool: z.string().min(1, "a pool name"),
    /** GPUs held by placeholder pods (one GPU each); 0 turns the pool's headroom off. */
    spareGpus: z.number().int("a whole number ≥ 0").min(0, "a whole number ≥ 0"),
  })).superRefine((pools, ctx) => {
    // One placeholder Deployment per pool: a repeated pool would repeat its resource names.
    pools.forEach((p, i) => {
      if (pools.findIndex((q) => q.pool === p.pool) < i) ctx.addIssue({ code: "custom", path: [i, "pool"], message: `pool "${p.pool}" is listed twice` });
    });
  }),
});

/** What a caller sets. */
export type GpuHeadroomSettings = z.input<typeof gpuHeadroomSettingsSchema>;
/** Spare GPUs of one pool. */
export type PoolHeadroom = GpuHeadroomSettings["pools"][number];
