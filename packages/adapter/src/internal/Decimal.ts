import Big from 'big.js';

/**
 * A private big.js constructor, so this package never changes (or depends on) the global `Big`
 * settings another module may have set. Only `times` and `plus` are used: both are exact.
 */
export const Decimal = Big();

/** An exact decimal value. */
export type DecimalValue = Big.Big;
