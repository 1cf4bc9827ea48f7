/**
 * The built-in crew invitations' magic links at the sandbox's fixed public origin
 * (`{origin}/bridge/crew/{token}`, see origin.ts): the home page passes them on to the bridge
 * wherever it listens now, so a link e-mailed before a restart with `--port 0` still opens the
 * crew page and its Confirm / Decline form (which posts back to the same path).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BRIDGE_LINK_PREFIX, localizeText } from './origin';
import { answerTooLarge, FUNCTION_URL_MAX_BODY_BYTES } from '../bridge-server';
import { readBody, RequestBodyTooLargeError } from '../standins/read-body';

/** Whether a home page path is a built-in crew link for the bridge. */
export const isBridgeLink = (path: string): boolean =>
  path.startsWith(`${BRIDGE_LINK_PREFIX}/crew/`);

const HOP_BY_HOP = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export async function passToBridge(
  bridgeUrl: string,
  homeUrl: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  let body: string | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    try {
      body = (await readBody(req, FUNCTION_URL_MAX_BODY_BYTES)).toString('utf8');
    } catch (err) {
      if (!(err instanceof RequestBodyTooLargeError)) throw err;
      answerTooLarge(res); // what the bridge itself would answer
      return;
    }
  }
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'accept', 'accept-language', 'user-agent']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  let answer: Response;
  try {
    answer = await fetch(new URL(req.url ?? '/', bridgeUrl), {
      method,
      headers,
      body,
      redirect: 'manual',
    });
  } catch {
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('502 The local bridge did not answer; is the sandbox still starting?\n');
    return;
  }
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) out[name] = value;
  });
  // The crew page links the checklist at the fixed origin: shown at the current address.
  const text = localizeText(await answer.text(), homeUrl);
  res.writeHead(answer.status, { ...out, 'content-length': Buffer.byteLength(text) });
  res.end(method === 'HEAD' ? undefined : text);
}
