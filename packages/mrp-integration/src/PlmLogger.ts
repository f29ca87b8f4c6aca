/** A pino-compatible logger (pino itself fits): structured object first, message second. */
export interface PlmLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

const noop = (): void => undefined;

/** The default logger: writes nothing. */
export const silentLogger: PlmLogger = Object.freeze({
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
});
