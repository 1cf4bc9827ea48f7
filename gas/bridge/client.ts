/**
 * The signed bridge client: one POST /v1/bookings per booking event, all of a batch in one
 * fetchAll. The body is JSON.stringify'd once and exactly that string is signed and sent.
 * Every answer is classified: delivered (200), retry later (409 busy, 408/429, 5xx, network),
 * or rejected (any other 4xx: the request will stay wrong until someone fixes it). A retry-later
 * that says the whole bridge is down (network, 5xx, 408/429) carries `bridgeDown`, so the run
 * stops after that one request instead of sending every pending booking into the outage.
 */
import { menuPath } from '../entrypoints';
import {
  BRIDGE_PATH,
  BridgeErrorBodySchema,
  BridgeResponseSchema,
  type BridgeRequest,
  type BridgeResponse,
} from '../../shared/bridge-contract';
import { signRequest, type SigningCrypto } from '../../shared/signing';
import type { Clock, HttpRequest, HttpResult, HttpTransport } from '../ports';

export const SECRET_PROPERTY = 'BRIDGE_SIGNING_SECRET';
export const BRIDGE_URL_PROPERTY = 'BRIDGE_URL';

export type DeliveryOutcome =
  | { kind: 'delivered'; response: BridgeResponse }
  | {
      kind: 'retry-later';
      message: string;
      /**
       * The bridge as a whole is not answering (network error, 5xx, 408/429), as opposed to one
       * booking being busy or unsendable: the run sends no more requests (see deliverRows).
       */
      bridgeDown?: boolean;
    }
  | { kind: 'rejected'; message: string };

export class BridgeConfigError extends Error {
  override readonly name = 'BridgeConfigError';
}

/** "https://host/prefix" -> "/prefix/v1/bookings": the path the bridge sees and verifies. */
export function bridgeEndpoint(
  baseUrl: string,
  endpoint: string = BRIDGE_PATH,
): { url: string; path: string } {
  const m = /^(https?:\/\/[^/?#]+)(\/[^?#]*)?$/.exec(baseUrl.trim());
  if (!m) throw new BridgeConfigError(`bridge URL "${baseUrl}" is not an http(s) URL`);
  const prefix = (m[2] ?? '').replace(/\/+$/, '');
  return { url: `${m[1]}${prefix}${endpoint}`, path: `${prefix}${endpoint}` };
}

export function buildSignedRequest(args: {
  request: BridgeRequest;
  baseUrl: string;
  secret: string;
  crypto: SigningCrypto & { uuid(): string };
  nowMs: number;
}): HttpRequest {
  return buildSignedPost({ ...args, body: args.request, endpoint: BRIDGE_PATH });
}

/** A signed JSON POST to one of the bridge's endpoints (the body string is exactly what is signed). */
export function buildSignedPost(args: {
  endpoint: string;
  body: unknown;
  baseUrl: string;
  secret: string;
  crypto: SigningCrypto & { uuid(): string };
  nowMs: number;
}): HttpRequest {
  const { url, path } = bridgeEndpoint(args.baseUrl, args.endpoint);
  const body = JSON.stringify(args.body);
  const headers = signRequest(
    {
      method: 'POST',
      path,
      timestamp: Math.floor(args.nowMs / 1000),
      nonce: args.crypto.uuid(),
      body,
    },
    args.secret,
    args.crypto,
  );
  return { url, method: 'post', contentType: 'application/json', payload: body, headers };
}

function bridgeMessage(body: string): string | null {
  try {
    const parsed = BridgeErrorBodySchema.safeParse(JSON.parse(body));
    return parsed.success ? `${parsed.data.error.code}: ${parsed.data.error.message}` : null;
  } catch {
    return null;
  }
}

export function classifyResult(result: HttpResult): DeliveryOutcome {
  if (result.kind === 'network-error') {
    return {
      kind: 'retry-later',
      message: `bridge unreachable (${result.message}); will retry`,
      bridgeDown: true,
    };
  }
  const { status, body } = result;
  if (status === 200) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return {
        kind: 'retry-later',
        message: 'bridge answered 200 with a body that is not JSON; will retry',
      };
    }
    const parsed = BridgeResponseSchema.safeParse(json);
    if (!parsed.success) {
      return {
        kind: 'retry-later',
        message: 'bridge answered 200 with an unexpected body; will retry',
      };
    }
    return { kind: 'delivered', response: parsed.data };
  }
  const detail = bridgeMessage(body);
  if (status === 409)
    return {
      kind: 'retry-later',
      message: `bridge busy with this booking (409${detail ? ` ${detail}` : ''}); will retry`,
    };
  if (status === 408 || status === 429)
    return {
      kind: 'retry-later',
      message: `bridge asked to slow down (${status}); will retry`,
      bridgeDown: true,
    };
  if (status >= 500)
    return {
      kind: 'retry-later',
      message: `bridge error ${status}${detail ? ` (${detail})` : ''}; will retry`,
      bridgeDown: true,
    };
  return {
    kind: 'rejected',
    message: `bridge rejected the request (${status}${detail ? ` ${detail}` : ''}); fix it, then use ${menuPath('retryFailed')}`,
  };
}

/** Sends every request in one fetchAll and classifies each answer, in order. */
export function deliverAll(args: {
  requests: readonly BridgeRequest[];
  baseUrl: string;
  secret: string | null;
  crypto: SigningCrypto & { uuid(): string };
  http: HttpTransport;
  clock: Clock;
}): DeliveryOutcome[] {
  if (args.requests.length === 0) return [];
  if (!args.baseUrl) {
    return args.requests.map(() => ({
      kind: 'retry-later',
      message: `no bridge URL: set "bridge.url" in Settings or the Script Property ${BRIDGE_URL_PROPERTY}`,
    }));
  }
  if (!args.secret) {
    return args.requests.map(() => ({
      kind: 'retry-later',
      message: `the Script Property ${SECRET_PROPERTY} is not set`,
    }));
  }
  const secret = args.secret;
  const signed = args.requests.map((request) =>
    buildSignedRequest({
      request,
      baseUrl: args.baseUrl,
      secret,
      crypto: args.crypto,
      nowMs: args.clock.now(),
    }),
  );
  return args.http.fetchAll(signed).map(classifyResult);
}
