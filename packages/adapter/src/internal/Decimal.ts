import Big from 'big.js';

/**
 * A private big.js constructor, so this package never changes (or depends on) the global `Big`
 * settings another module may have set. Only `times` and `plus` are used on quantities: both are
 * exact (`div`, which rounds to `DP` places, is not; see `inverseFactor`).
 */
export const Decimal = Big();

/** An exact decimal value. */
export type DecimalValue = Big.Big;
