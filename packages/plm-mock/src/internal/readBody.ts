import type { IncomingMessage } from 'node:http';

/** Largest request body the mock reads (5 MiB); larger bodies are answered with 400. */
export const MAX_BODY = 5 * 1024 * 1024;

/** The request body was larger than {@link MAX_BODY}. */
export class BodyTooLargeError extends Error {
  readonly _tag = 'BodyTooLargeError' as const;
  override readonly name = 'BodyTooLargeError';

  constructor() {
    super(`The request body is larger than ${MAX_BODY} bytes.`);
  }
}

/**
 * Reads the whole request body as UTF-8.
 * @throws {@link BodyTooLargeError} past {@link MAX_BODY} bytes (the rest is left unread).
 */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new BodyTooLargeError();
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
