/**
 * A PLM payload type from `@mrp-plm/contract`, read-only, as the mappers take it: the SDK client's
 * validated `data` (wire JSON, timestamps as ISO 8601 strings) or the `payload` of a `parse…`
 * function, so a payload the SDK already validated is never parsed again.
 */
export type PlmPayload<T> = T extends readonly (infer U)[]
  ? readonly PlmPayload<U>[]
  : T extends object
    ? {
        // Optional properties also accept an explicit `undefined` (what zod's output types say).
        readonly [K in keyof T]: PlmPayload<T[K]> | (object extends Pick<T, K> ? undefined : never);
      }
    : T;
