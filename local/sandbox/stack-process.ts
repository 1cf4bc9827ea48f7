/**
 * The local stack (emulators, stand-ins, bridge server) in a child process.
 *
 * Why a separate process: the Apps Script bundle's UrlFetchApp is synchronous, as on Google's
 * servers; the fake blocks its thread while a worker does the HTTP request. A bridge served from
 * that same thread could never answer. So the sandbox keeps the Apps Script runtime, the home
 * page and the edge in its own process and runs `startLocalStack()` here.
 *
 * Protocol (IPC): the child sends {type: 'ready', info} once the stack listens, or
 * {type: 'failed', message}; the parent sends {type: 'stop'} and gets {type: 'stopped'}.
 * The child ignores SIGINT (Ctrl-C reaches the whole process group: the parent decides when to
 * stop) and stops on its own if the parent goes away.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LocalStack } from '../stack';

/** What the parent process learns about the stack running in the child (plain data, sent as JSON). */
export type StackInfo = Pick<LocalStack, 'bridgeUrl' | 'signingSecret' | 'endpoints' | 'config'>;

export interface StackProcess {
  info: StackInfo;
  pid: number;
  /** Settles when the child has exited, whoever stopped it. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop(): Promise<void>;
}

type ChildMessage =
  { type: 'ready'; info: StackInfo } | { type: 'failed'; message: string } | { type: 'stopped' };

export interface StackProcessOptions {
  dataDir?: string;
  publicBaseUrl?: string;
  crewLinkBaseUrl?: string;
}

/** Where the child's output lines go (the bridge logs one JSON line per run); default stderr. */
export type StackOutput = (line: string) => void;

const ROOT = join(__dirname, '../..');

/** Starts the stack in a child process (node --import tsx) and waits until it listens. */
export function startStackProcess(
  options: StackProcessOptions,
  output: StackOutput = (line) => process.stderr.write(`${line}\n`),
): Promise<StackProcess> {
  const child = fork(
    process.env.SANDBOX_STACK_MAIN_TMP ?? join(__dirname, 'stack-main.ts'),
    [JSON.stringify(options)],
    {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      // Never the parent's stdout: that belongs to the summary (and scripts reading it).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => output(line));
  }
  return new Promise<StackProcess>((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) =>
      reject(new Error(`the local stack process exited before it was ready (${signal ?? code})`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'failed') {
        child.off('exit', onExit);
        // A half-started stack keeps its servers (and its IPC channel) open: end it, or it
        // outlives us and keeps the parent (a test worker, the sandbox) from exiting.
        child.kill();
        reject(new Error(`the local stack did not start: ${message.message}`));
      } else if (message.type === 'ready') {
        child.off('exit', onExit);
        const exited = new Promise<{ code: number | null; signal: string | null }>((done) => {
          if (child.exitCode !== null || child.signalCode !== null)
            done({ code: child.exitCode, signal: child.signalCode });
          else child.once('exit', (code, signal) => done({ code, signal }));
        });
        resolve({ info: message.info, pid: child.pid ?? -1, exited, stop: stopper(child) });
      }
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      // The stack persists its state in stop(); give it time, then make sure it is gone.
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(killTimer);
        resolve();
      });
      if (child.connected) child.send({ type: 'stop' });
      else child.kill('SIGTERM');
    }));
}
