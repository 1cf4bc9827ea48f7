/**
 * A POST to a bridge signed the way Apps Script signs it (shared/signing, HMAC-SHA256 on
 * node:crypto): the one way local tools (the fault matrix, the bench, the stack's tests) call it.
 */
import { randomUUID } from 'node:crypto';
import { nodeSigningCrypto } from '../lambda-bridge/src/crypto';
import { BRIDGE_PATH } from '../shared/bridge-contract';
import { signRequest } from '../shared/signing';

export async function postSigned(
  bridgeUrl: string,
  secret: string,
  payload: unknown,
  options: { path?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  const path = options.path ?? BRIDGE_PATH;
  const body = JSON.stringify(payload);
  const headers = signRequest(
    { method: 'POST', path, timestamp: Math.floor(Date.now() / 1000), nonce: randomUUID(), body },
    secret,
    nodeSigningCrypto,
  );
  return fetch(`${bridgeUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
