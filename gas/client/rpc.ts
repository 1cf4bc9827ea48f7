/**
 * google.script.run as promises, typed from the server module: `serverFunctions<BoardServer>()`
 * exposes exactly the server's functions with their argument and result types, so renaming or
 * changing a server function breaks the client's build instead of the captain's board.
 */

/** What google.script.run looks like in the browser (Apps Script's client API). */
export interface ScriptRun {
  withSuccessHandler(handler: (value: unknown, userObject?: unknown) => void): ScriptRun;
  withFailureHandler(handler: (error: unknown, userObject?: unknown) => void): ScriptRun;
  withUserObject(userObject: unknown): ScriptRun;
  [serverFunction: string]: unknown;
}

declare global {
  interface Window {
    google?: { script?: { run?: ScriptRun } };
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => unknown;

export type ServerFunctions<S> = {
  [K in keyof S]: S[K] extends AnyFunction
    ? (...args: Parameters<S[K]>) => Promise<ReturnType<S[K]>>
    : never;
};

export class ServerCallError extends Error {
  override readonly name = 'ServerCallError';
  constructor(
    readonly functionName: string,
    message: string,
  ) {
    super(message);
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}

export function callServer(name: string, args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const run = window.google?.script?.run;
    if (!run) {
      reject(
        new ServerCallError(name, 'Not connected to Apps Script (google.script.run missing).'),
      );
      return;
    }
    const runner = run
      .withSuccessHandler((value) => resolve(value))
      .withFailureHandler((error) => reject(new ServerCallError(name, messageOf(error))));
    const fn = runner[name];
    if (typeof fn !== 'function') {
      reject(new ServerCallError(name, `The server has no function ${name}.`));
      return;
    }
    (fn as (...a: unknown[]) => void).apply(runner, args);
  });
}

/** A typed proxy: `server.boardMoveCard(req)` calls google.script.run.boardMoveCard(req). */
export function serverFunctions<S>(): ServerFunctions<S> {
  return new Proxy({} as ServerFunctions<S>, {
    get: (_target, name) =>
      typeof name === 'string' ? (...args: unknown[]) => callServer(name, args) : undefined,
  });
}
