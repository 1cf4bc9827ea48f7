// A stand-in for the bridge, run in a worker thread (the Apps Script fakes block the main thread
// while UrlFetchApp waits). It checks the signature with node:crypto, records every request and
// answers according to the mode the test sets: ok | partial | status:<code> | drop.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const STEPS = ['calendar', 'crewEvent', 'checklist', 'guestPage', 'invalidation', 'captainEmail'];
const { secret, publicBaseUrl } = workerData;
let mode = 'ok';
const requests = [];

function verify(req, body) {
  const ts = req.headers['x-sig-timestamp'];
  const nonce = req.headers['x-sig-nonce'];
  const sig = String(req.headers['x-sig'] || '');
  if (!ts || !nonce || !sig.startsWith('v1=')) return false;
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  const canonical = ['v1', req.method, req.url, ts, nonce, bodyHash].join('\n');
  const expected = Buffer.from(
    createHmac('sha256', secret).update(canonical, 'utf8').digest('hex'),
  );
  const given = Buffer.from(sig.slice(3));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    requests.push({ method: req.method, path: req.url, headers: req.headers, body, mode });
    const json = (status, value) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (mode === 'drop') return req.socket.destroy();
    if (!verify(req, body))
      return json(401, { error: { code: 'unauthorized', message: 'signature does not match' } });
    if (mode.startsWith('status:')) {
      const status = Number(mode.slice(7));
      const code = status === 409 ? 'busy' : status >= 500 ? 'internal' : 'invalid-request';
      return json(status, { error: { code, message: `stand-in answered ${status}` } });
    }
    const request = JSON.parse(body);
    const slug = request.booking.id.toLowerCase();
    json(200, {
      ok: mode !== 'partial',
      bookingId: request.booking.id,
      revision: request.revision,
      outcome: mode === 'partial' ? 'partial' : 'completed',
      steps: STEPS.map((step) =>
        mode === 'partial' && step === 'crewEvent'
          ? {
              step,
              status: 'failed',
              attempts: 1,
              ids: {},
              reason: 'SCC answered 503',
              retryable: true,
            }
          : { step, status: 'done', attempts: 1, ids: {} },
      ),
      links: { guestPage: `${publicBaseUrl}/g/${slug}`, checklist: null },
    });
  });
});

server.listen(0, '127.0.0.1', () => {
  parentPort.postMessage({ type: 'ready', port: server.address().port });
});

parentPort.on('message', (msg) => {
  if (msg.cmd === 'mode') mode = msg.mode;
  if (msg.cmd === 'clear') requests.length = 0;
  if (msg.cmd === 'stop') {
    server.closeAllConnections?.();
    server.close(() => parentPort.postMessage({ type: 'reply', id: msg.id, value: null }));
    return;
  }
  parentPort.postMessage({
    type: 'reply',
    id: msg.id,
    value: msg.cmd === 'requests' ? requests : null,
  });
});
