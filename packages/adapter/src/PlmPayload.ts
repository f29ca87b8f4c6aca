/**
 * A PLM payload type from `@mrp-plm/plm-sdk` whose timestamps may be `Date` objects (as the SDK
 * client returns them) or ISO 8601 strings (as the contract's zod schemas validate raw JSON). The
 * mappers accept both, so a payload the SDK already validated is never parsed again.
 */
export type PlmPayload<T> = T extends Date
  ? Date | string
  : T extends readonly (infer U)[]
    ? readonly PlmPayload<U>[]
    : T extends object
      ? {
          // Optional properties also accept an explicit `undefined` (what zod's output types say).
          readonly [K in keyof T]:
            PlmPayload<T[K]> | (object extends Pick<T, K> ? undefined : never);
        }
      : T;
