import type { PlmCaller } from './ReadContext.js';
import type { FallbackReason } from './Provenance.js';
import type { PlmMode } from './PlmConfig.js';
import type {
  PlmAlertName,
  PlmAlertState,
  PlmGuardEvidence,
  PlmGuardTrigger,
} from './PlmHealth.js';

/** A resource the integration reads. */
export type PlmResource = 'modelConfig' | 'catalog' | 'trim' | 'features';

/**
 * Every fallback, mode change, circuit transition, alert transition and migration-guard action,
 * with reason, model, correlation id and time.
 */
export type AuditEvent =
  | {
      readonly type: 'read.fell-back';
      /** Epoch ms of the injected clock. */
      readonly at: number;
      readonly resource: PlmResource;
      /** MRP id of the model (or trim) read. */
      readonly modelId: string | undefined;
      readonly reason: FallbackReason;
      /** What served instead: the stale PLM answer, MRP data, or nothing (a mapped error). */
      readonly servedBy: 'stale-plm' | 'mrp' | 'error';
      readonly correlationId: string;
      readonly caller: PlmCaller | undefined;
      /** Failing paths when the reason is contract drift. */
      readonly issues?: readonly string[] | undefined;
    }
  | {
      readonly type: 'mode.changed';
      readonly at: number;
      readonly from: PlmMode;
      readonly to: PlmMode;
      readonly models: readonly string[];
      readonly previousModels: readonly string[];
      readonly by: string;
      readonly reason: string;
      /**
       * `setMode` on this instance, or `modeStore` for a change another instance made (or the
       * stored mode applied at start-up).
       * @default 'setMode'
       */
      readonly via?: 'setMode' | 'modeStore' | undefined;
    }
  | {
      readonly type: 'breaker.transition';
      readonly at: number;
      readonly from: string;
      readonly to: string;
      readonly reason: string;
    }
  | {
      /** An alert of the health model changed state. */
      readonly type: 'alert.changed';
      readonly at: number;
      readonly alert: PlmAlertName;
      readonly from: PlmAlertState;
      readonly to: PlmAlertState;
      /** The measured value that caused the transition. */
      readonly value: number;
      readonly threshold: number;
    }
  | {
      /** The migration guard stepped the mode down by itself (a `mode.changed` follows). */
      readonly type: 'guard.tripped';
      readonly at: number;
      readonly trigger: PlmGuardTrigger;
      readonly from: PlmMode;
      readonly to: PlmMode;
      readonly evidence: PlmGuardEvidence;
    }
  | {
      /** An operator re-armed the migration guard. */
      readonly type: 'guard.reset';
      readonly at: number;
      readonly by: string;
      readonly reason: string;
    }
  | {
      /** An operator isolated (opened by hand) or reset the circuit. */
      readonly type: 'circuit.admin';
      readonly at: number;
      readonly action: 'isolate' | 'reset';
      readonly by: string;
      readonly reason: string;
    };

/** Receives {@link AuditEvent}s; must not throw. */
export type AuditListener = (event: AuditEvent) => void;
