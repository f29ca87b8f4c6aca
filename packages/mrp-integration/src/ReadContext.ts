/** Who is reading (for audit and logs). */
export interface PlmCaller {
  readonly userId: string;
  readonly role?: string | undefined;
  readonly department?: string | undefined;
}

/** Per-read context. */
export interface ReadContext {
  /** The user the read is for. @default undefined */
  readonly caller?: PlmCaller | undefined;
  /**
   * W3C `traceparent` of the incoming request; its trace id becomes the PLM correlation id.
   * @default undefined (a random correlation id)
   */
  readonly traceparent?: string | undefined;
  /** Cancels the read. @default undefined */
  readonly signal?: AbortSignal | undefined;
}
