/**
 * Reads a request body with a size limit: the one body reader of every local server (the
 * stand-ins, the bridge's Function URL server, the board harness, the sandbox's home page, and,
 * unbounded, the fault proxy).
 */
import type { Readable } from 'node:stream';

/** The body was over the caller's limit; answer 413 (the body has been read to its end). */
export class RequestBodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Request body over ${maxBytes} bytes; send a smaller body`);
    this.name = 'RequestBodyTooLargeError';
  }
}

/**
 * The whole body, or RequestBodyTooLargeError once it has ended if it was over `maxBytes`. A body
 * over the limit is still read to its end (and dropped), so the 413 reaches a client that is
 * still sending instead of a reset connection.
 */
export async function readBody(req: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size <= maxBytes) chunks.push(bytes);
    else chunks.length = 0;
  }
  if (size > maxBytes) throw new RequestBodyTooLargeError(maxBytes);
  return Buffer.concat(chunks, size);
}
