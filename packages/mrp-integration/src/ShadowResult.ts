import type { PlmResource } from './AuditEvent.js';

/**
 * How much a shadow difference matters. `critical`: BOM part numbers, quantities, units and
 * conditions; feature availability per trim; requires/excludes rules; a trim, feature or BOM line
 * present on one side only. `minor`: names, descriptions, prices, ordering.
 */
export type ShadowSeverity = 'critical' | 'minor';

/** Why a sampled read was not compared. */
export type ShadowSkipReason = 'queue-full' | 'plm-failed' | 'plm-timeout' | 'mrp-failed';

/** One difference between the MRP and the PLM answer of the same read, after normalisation. */
export interface ShadowDifference {
  /** Field path in MRP DTO terms, e.g. `boms[trim=MRP-T-0001].lines[partNumber=P-10023].quantity`. */
  readonly path: string;
  readonly severity: ShadowSeverity;
  /** The MRP side's value (after the clean/redact hook), `undefined` when missing there. */
  readonly mrp: unknown;
  /** The PLM side's value (after the clean/redact hook), `undefined` when missing there. */
  readonly plm: unknown;
}

/** One compared read with at least one reported difference (what the diff viewer lists). */
export interface ShadowMismatch {
  readonly resource: PlmResource;
  /** MRP model id (or trim id for a trim read). */
  readonly modelId: string;
  readonly correlationId: string;
  /** When the comparison finished, epoch ms of the integration's clock. */
  readonly at: number;
  readonly plmRevision: string | undefined;
  readonly differences: readonly ShadowDifference[];
}

/** Counters of one field path (the "top drifting paths" of the health page). */
export interface ShadowPathStats {
  /** Path with list keys generalised, e.g. `boms[trim=*].lines[partNumber=*].quantity`. */
  readonly path: string;
  readonly severity: ShadowSeverity;
  /** Compared reads in which this path differed. */
  readonly count: number;
  /** count / compared. */
  readonly rate: number;
  /** How often the path differed between two reads of the same side (noise calibration). */
  readonly noiseRate: number;
  /** Whether the difference rate clearly exceeds the noise rate (reported as drift). */
  readonly drift: boolean;
}

/** Shadow comparison figures since start; cheap to read (no I/O). */
export interface ShadowStats {
  readonly sampleRate: number;
  /** Reads handed to the comparison (sampled). */
  readonly sampled: number;
  /** Comparisons completed. */
  readonly compared: number;
  /** Compared reads with at least one reported (non-noise) difference. */
  readonly mismatched: number;
  /** Compared reads with at least one critical difference. */
  readonly critical: number;
  readonly skipped: Readonly<Record<ShadowSkipReason, number>>;
  /** mismatched / compared; 0 before the first comparison. */
  readonly diffRate: number;
  /** critical / compared; 0 before the first comparison. */
  readonly criticalDiffRate: number;
  /** Share of calibration reads in which a side disagreed with itself. */
  readonly noiseRate: number;
  /**
   * Calibrated comparisons (each side read twice). Optional so results built elsewhere need not
   * carry it; `createShadowComparison` always sets it.
   */
  readonly calibrations?: number | undefined;
  /** Differences left out by the ignore rules (always set by `createShadowComparison`). */
  readonly ignored?: number | undefined;
  /** Models compared, and of those with a difference. */
  readonly models: { readonly compared: number; readonly mismatched: number };
  /** Most frequently differing paths, most first. */
  readonly topPaths: readonly ShadowPathStats[];
}

/** Filter of {@link ShadowComparisonResults.recentMismatches}. */
export interface ShadowMismatchFilter {
  readonly modelId?: string | undefined;
  readonly severity?: ShadowSeverity | undefined;
  /** @default 50 */
  readonly limit?: number | undefined;
}

/** What the health model and the diff viewer read from the shadow comparison. */
export interface ShadowComparisonResults {
  stats(): ShadowStats;
  /** Recent mismatches, newest first. */
  recentMismatches(filter?: ShadowMismatchFilter): readonly ShadowMismatch[];
}
