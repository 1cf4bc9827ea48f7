/**
 * Links that survive a restart. The sandbox's port changes between starts (`--port 0`), so the
 * links it stores (guest page and checklist URLs in the sheet, the captain e-mails, the crew
 * event, the calendar entry, the built-in crew invitations' magic links) never carry it: the
 * bridge and the sheet are given the fixed public origin below, and everything the sandbox shows
 * or reports has it replaced by the origin it serves on now. The built-in crew links are under
 * BRIDGE_LINK_PREFIX, which the home page passes on to the bridge wherever it listens now.
 * (The SCC stand-in's own magic links are not stored outside it; it rewrites them to its new port
 * when it resumes.)
 */
import type { ServerResponse } from 'node:http';

/** The guest pages' public origin in stored state (as https://guests.example.com would be). */
export const SANDBOX_PUBLIC_ORIGIN = 'http://charter-sandbox.localhost';

/** Where the home page passes requests on to the bridge (the built-in crew's magic links). */
export const BRIDGE_LINK_PREFIX = '/bridge';

/** The bridge's public base for the built-in crew links: `{base}/crew/{token}`. */
export const SANDBOX_CREW_LINK_BASE = `${SANDBOX_PUBLIC_ORIGIN}${BRIDGE_LINK_PREFIX}`;

const STORED_LINK = new RegExp(SANDBOX_PUBLIC_ORIGIN.replace(/[.]/g, '\\.'), 'g');

/** `text` with every stored guest/checklist link pointing at `origin` (e.g. http://127.0.0.1:41234). */
export function localizeText(text: string, origin: string): string {
  return text.replace(STORED_LINK, origin);
}

/** A JSON-like value with every string localized (see localizeText). */
export function localize<T>(value: T, origin: string): T {
  if (typeof value === 'string') return localizeText(value, origin) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => localize(v, origin)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[k] = localize(v, origin);
    return out as T;
  }
  return value;
}

/** Makes `res` localize the text bodies written with end() (the board's pages and RPC answers). */
export function localizeResponse(res: ServerResponse, origin: string): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const [chunk, ...rest] = args;
    return typeof chunk === 'string' ? end(localizeText(chunk, origin), ...rest) : end(...args);
  }) as ServerResponse['end'];
}
