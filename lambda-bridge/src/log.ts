/**
 * Structured JSON logs (one line per event) for CloudWatch. Errors are reduced to name, code and
 * message: no stacks of remote payloads, and nothing here ever receives a secret.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function describe(value: unknown): unknown {
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; retryable?: unknown };
    return { name: e.name, message: e.message, code: e.code, retryable: e.retryable };
  }
  return value;
}

export function jsonLogger(write: (line: string) => void = (line) => console.log(line)): Logger {
  const emit = (level: string, message: string, fields: Record<string, unknown> = {}) => {
    const out: Record<string, unknown> = { level, message, time: new Date().toISOString() };
    for (const [k, v] of Object.entries(fields)) out[k] = describe(v);
    write(JSON.stringify(out));
  };
  return {
    info: (m, f) => emit('INFO', m, f),
    warn: (m, f) => emit('WARN', m, f),
    error: (m, f) => emit('ERROR', m, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** A logger that adds `fields` (e.g. the request id) to every line. */
export function withFields(log: Logger, fields: Record<string, unknown>): Logger {
  return {
    info: (m, f) => log.info(m, { ...fields, ...f }),
    warn: (m, f) => log.warn(m, { ...fields, ...f }),
    error: (m, f) => log.error(m, { ...fields, ...f }),
  };
}
