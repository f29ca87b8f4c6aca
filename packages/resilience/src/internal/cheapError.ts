/**
 * Builds an error without capturing a stack trace. Used for rejections on hot paths (open circuit,
 * full queue), where the stack is the library's own and capturing it would dominate the cost.
 */
export function withoutStack<E>(build: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
