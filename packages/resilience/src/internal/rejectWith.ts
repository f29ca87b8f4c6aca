/** A promise rejected with `error` as it is: the package passes callers' errors through untouched. */
export function rejectWith(error: unknown): Promise<never> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- pass-through by design
  return Promise.reject(error);
}
