/** Shared pieces of the in-memory Apps Script fakes: call counting and "not implemented" guards. */

export class NotImplementedInFakeError extends Error {
  override readonly name = 'NotImplementedInFakeError';
}

/** Counts calls per "Service.method" so tests can assert how many Sheets/Gmail calls a run made. */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  hit(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** Sum of every counter whose name starts with `prefix` (e.g. "Range." or "Sheet."). */
  total(prefix = ''): number {
    let sum = 0;
    for (const [name, count] of this.counts) if (name.startsWith(prefix)) sum += count;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  reset(): void {
    this.counts.clear();
  }
}

/**
 * Wraps a fake so that every method call is counted as `${kind}.${method}` and any member the
 * fake does not implement throws a clear error when called, instead of `undefined is not a function`.
 */
export function guarded<T>(kind: string, target: object, counter?: CallCounter): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (typeof prop === 'symbol' || prop === 'then' || prop === 'toJSON')
        return Reflect.get(obj, prop, receiver);
      if (!(prop in obj)) {
        return () => {
          throw new NotImplementedInFakeError(`${kind}.${prop} is not implemented in the fake`);
        };
      }
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counter?.hit(`${kind}.${prop}`);
        const result = (value as (...a: unknown[]) => unknown).apply(obj, args);
        return result === obj ? receiver : result; // chained calls stay guarded and counted
      };
    },
  }) as T;
}
