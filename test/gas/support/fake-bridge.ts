/** Controls the bridge stand-in running in a worker thread (see fake-bridge-worker.mjs). */
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { BridgeRequestSchema, type BridgeRequest } from '../../../shared/bridge-contract';
import { verifySignature } from '../../../shared/signing';

export type BridgeMode = 'ok' | 'partial' | 'drop' | `status:${number}`;

export interface RecordedBridgeRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  mode: BridgeMode;
}

export const nodeCrypto = {
  hmacSha256Hex: (key: string, message: string) =>
    crypto.createHmac('sha256', key).update(message, 'utf8').digest('hex'),
  sha256Hex: (message: string) => crypto.createHash('sha256').update(message, 'utf8').digest('hex'),
};

export class FakeBridge {
  private nextId = 1;
  private readonly waiting = new Map<number, (value: unknown) => void>();

  private constructor(
    private readonly worker: Worker,
    readonly url: string,
    readonly secret: string,
  ) {
    worker.on('message', (msg: { type: string; id: number; value: unknown }) => {
      if (msg.type !== 'reply') return;
      this.waiting.get(msg.id)?.(msg.value);
      this.waiting.delete(msg.id);
    });
  }

  static async start(
    secret = 'test-signing-secret-0123456789',
    publicBaseUrl = 'https://guests.example.com',
  ): Promise<FakeBridge> {
    const worker = new Worker(path.join(__dirname, 'fake-bridge-worker.mjs'), {
      workerData: { secret, publicBaseUrl },
    });
    const port = await new Promise<number>((resolve, reject) => {
      worker.once('message', (msg: { type: string; port: number }) => resolve(msg.port));
      worker.once('error', reject);
    });
    return new FakeBridge(worker, `http://127.0.0.1:${port}`, secret);
  }

  private send<T>(cmd: string, extra: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.waiting.set(id, resolve as (value: unknown) => void);
      this.worker.postMessage({ cmd, id, ...extra });
    });
  }

  setMode(mode: BridgeMode): Promise<void> {
    return this.send('mode', { mode });
  }

  requests(): Promise<RecordedBridgeRequest[]> {
    return this.send('requests');
  }

  clear(): Promise<void> {
    return this.send('clear');
  }

  /** Requests the stand-in accepted (signature valid), parsed with the shared schema. */
  async accepted(): Promise<BridgeRequest[]> {
    return (await this.requests())
      .filter((r) => r.mode === 'ok' || r.mode === 'partial')
      .map((r) => BridgeRequestSchema.parse(JSON.parse(r.body)));
  }

  /** Checks a recorded request with the shared verifier, as the real bridge does. */
  verify(request: RecordedBridgeRequest, nowSeconds: number): boolean {
    return verifySignature({
      method: request.method,
      path: request.path,
      headers: request.headers,
      body: request.body,
      secrets: [this.secret],
      nowSeconds,
      crypto: nodeCrypto,
    }).ok;
  }

  async stop(): Promise<void> {
    await this.send('stop');
    await this.worker.terminate();
  }
}
