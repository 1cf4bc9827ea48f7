/**
 * Runs a Lambda handler behind a local HTTP server the way a Lambda Function URL does: each
 * request becomes an API Gateway HTTP API payload v2.0 event, and the handler's structured result
 * becomes the HTTP response.
 *
 * Function URL details reproduced: header names lower-cased and repeated headers joined with ',';
 * cookies moved from the `cookie` header to `cookies`; `queryStringParameters` with repeated
 * names joined with ','; `body` absent when empty, text for text-like content types, otherwise
 * base64 with `isBase64Encoded: true`; `requestContext.http` {method, path, protocol, sourceIp,
 * userAgent}, `timeEpoch` in ms; a thrown error answers 502; payloads over 6 MB answer 413.
 * A result that is not a structured `{statusCode}` object is sent as JSON with status 200.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { closeServer, listen, LOOPBACK } from './standins/http-kit';
import { readBody, RequestBodyTooLargeError } from './standins/read-body';
import { MONTH_ABBREVIATIONS } from '../shared/time';
import { patientKeepAlive } from './patient-server';

export type BridgeHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

export interface BridgeServerOptions {
  port?: number;
  host?: string;
  /** Function URL (buffered) request payload limit: 6 MB. */
  maxBodyBytes?: number;
  /** Called with a handler error before the 502 answer (default: logs the error's name and message). */
  onError?: (err: unknown) => void;
}

export interface BridgeServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A Function URL's (buffered) request payload limit. */
export const FUNCTION_URL_MAX_BODY_BYTES = 6 * 1024 * 1024;

export async function startBridgeServer(
  handler: BridgeHandler,
  options: BridgeServerOptions = {},
): Promise<BridgeServer> {
  const maxBodyBytes = options.maxBodyBytes ?? FUNCTION_URL_MAX_BODY_BYTES;
  const onError =
    options.onError ??
    ((err: unknown) => {
      const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      console.error(`[bridge-server] handler failed: ${detail}`);
    });

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (err) {
      if (err instanceof RequestBodyTooLargeError) answerTooLarge(res);
      else res.destroy(); // the client went away mid-body: no one to answer
      return;
    }
    try {
      writeResult(res, await handler(toFunctionUrlEvent(req, body)));
    } catch (err) {
      onError(err);
      sendJson(res, 502, { message: 'Internal Server Error' });
    }
  };
  const server = createServer((req, res) => void answer(req, res));
  patientKeepAlive(server);

  const port = await listen(server, options.port ?? 0, options.host ?? LOOPBACK);
  return {
    url: `http://${options.host ?? LOOPBACK}:${port}`,
    port,
    close: () => closeServer(server),
  };
}

const TEXT_TYPES = [
  /^text\//,
  /^application\/(.+\+)?json\b/,
  /^application\/(.+\+)?xml\b/,
  /^application\/javascript\b/,
  /^application\/ecmascript\b/,
  /^application\/x-www-form-urlencoded\b/,
  /^application\/graphql\b/,
  /^application\/yaml\b/,
];

export function isTextContentType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').trim().toLowerCase();
  return TEXT_TYPES.some((pattern) => pattern.test(type));
}

/** Builds the payload v2.0 event a Function URL would deliver for this request. */
export function toFunctionUrlEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const rawUrl = req.url ?? '/';
  const queryIndex = rawUrl.indexOf('?');
  const rawPath = queryIndex === -1 ? rawUrl : rawUrl.slice(0, queryIndex);
  const rawQueryString = queryIndex === -1 ? '' : rawUrl.slice(queryIndex + 1);

  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values) continue;
    if (name === 'cookie') {
      cookies = values.flatMap((v) => v.split(';').map((c) => c.trim())).filter(Boolean);
      continue;
    }
    headers[name] = values.join(',');
  }

  let queryStringParameters: Record<string, string> | undefined;
  if (rawQueryString) {
    queryStringParameters = {};
    for (const [name, value] of new URLSearchParams(rawQueryString)) {
      const prior = queryStringParameters[name];
      queryStringParameters[name] = prior === undefined ? value : `${prior},${value}`;
    }
  }

  const host = headers.host ?? `${LOOPBACK}`;
  const domainName = host.replace(/:\d+$/, '');
  const now = new Date();
  const method = (req.method ?? 'GET').toUpperCase();
  const isText = isTextContentType(headers['content-type']);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local-bridge',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: body.length > 0 && !isText,
  };
  if (cookies?.length) event.cookies = cookies;
  if (queryStringParameters) event.queryStringParameters = queryStringParameters;
  if (body.length > 0) event.body = isText ? body.toString('utf8') : body.toString('base64');
  return event;
}

/** `25/Nov/2026:09:03:58 +0000`, the format of requestContext.time. */
function formatRequestTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${MONTH_ABBREVIATIONS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

function isStructured(result: unknown): result is APIGatewayProxyStructuredResultV2 {
  return typeof result === 'object' && result !== null && 'statusCode' in result;
}

function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (!isStructured(result)) {
    // Function URLs treat any other return value as a JSON body with status 200.
    sendJson(res, 200, result ?? null);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  if (!headers['content-type'] && body.length > 0) headers['content-type'] = 'application/json';
  headers['content-length'] = String(body.length);
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}

/** A Function URL's answer to a payload over its limit. */
export function answerTooLarge(res: ServerResponse): void {
  sendJson(res, 413, { message: 'Request Entity Too Large' });
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  if (res.headersSent) return;
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}
