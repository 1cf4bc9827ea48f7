/**
 * The Lambda bundle as lambda-bridge/build.mjs ships it, built into a temporary folder (dist/ is
 * left alone), and a bridge served from it in a child process configured only by its
 * environment, as Lambda would run it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBridgeInto, type BuiltBridge } from '../../../bench/bundle-files';

const root = join(__dirname, '../../..');

export interface BuiltBundle extends BuiltBridge {
  remove(): void;
}

export function buildBridgeBundle(): BuiltBundle {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-bundle-'));
  return {
    ...buildBridgeInto(root, dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface BundleBridge {
  url: string;
  stop(): Promise<void>;
}

/** The bundle's handler behind the local Function URL server (serve-bundle.ts), in a child. */
export async function serveBundle(
  bundle: BuiltBundle,
  env: Record<string, string>,
): Promise<BundleBridge> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'serve-bundle.ts'), bundle.entry],
    { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (line) resolve(line[1] as string);
    });
    child.once('exit', (code) =>
      reject(new Error(`the bundle's bridge exited (${code}) before serving:\n${errors}`)),
    );
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
