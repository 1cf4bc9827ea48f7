/**
 * A spreadsheet held in memory behind the pipeline's SheetRepository port, plus a script lock:
 * enough to run the board's server functions without the Apps Script bundle (unit tests, and
 * the harness when no bundle is given). Counts calls so tests can assert on batching.
 */
import type {
  CellValue,
  EnsureTabResult,
  ScriptLock,
  SheetRepository,
  TabOptions,
} from '../../gas/ports';

export class MemorySheets implements SheetRepository {
  readonly tabs = new Map<string, CellValue[][]>();
  readonly calls = { read: 0, write: 0, appendRows: 0, flush: 0 };

  constructor(initial: Record<string, CellValue[][]> = {}) {
    for (const [name, rows] of Object.entries(initial)) this.tabs.set(name, clone(rows));
  }

  /** Tabs read, in order. */
  readonly reads: string[] = [];

  read(tab: string): CellValue[][] | null {
    this.calls.read += 1;
    this.reads.push(tab);
    const rows = this.tabs.get(tab);
    return rows ? clone(rows) : null;
  }

  write(tab: string, row: number, column: number, rows: CellValue[][]): void {
    this.calls.write += 1;
    const sheet = this.sheet(tab);
    rows.forEach((values, r) => {
      const target = (sheet[row - 1 + r] ??= []);
      values.forEach((value, c) => {
        while (target.length < column - 1 + c) target.push('');
        target[column - 1 + c] = value;
      });
    });
  }

  lastRow(tab: string): number {
    return this.tabs.get(tab)?.length ?? 0;
  }

  ensureTab(tab: string, headers: readonly string[], _options?: TabOptions): EnsureTabResult {
    const sheet = this.tabs.get(tab);
    if (!sheet) {
      this.tabs.set(tab, [[...headers]]);
      return { tab, created: true, addedHeaders: [...headers] };
    }
    const header = (sheet[0] ??= []);
    const addedHeaders = headers.filter((h) => !header.includes(h));
    header.push(...addedHeaders);
    return { tab, created: false, addedHeaders };
  }

  appendRows(tab: string, rows: CellValue[][]): void {
    this.calls.appendRows += 1;
    this.sheet(tab).push(...clone(rows));
  }

  flush(): void {
    this.calls.flush += 1;
  }

  /** The tab's rows as objects keyed by header (for assertions). */
  records(tab: string): Array<Record<string, CellValue>> {
    const [header = [], ...rows] = this.tabs.get(tab) ?? [];
    return rows.map((row) =>
      Object.fromEntries(header.map((name, i) => [String(name), row[i] ?? ''])),
    );
  }

  private sheet(tab: string): CellValue[][] {
    const sheet = this.tabs.get(tab);
    if (!sheet) throw new Error(`Sheet "${tab}" not found`);
    return sheet;
  }
}

function clone(rows: CellValue[][]): CellValue[][] {
  return rows.map((row) => row.map((v) => (v instanceof Date ? new Date(v.getTime()) : v)));
}

/** A script lock for one process: held or not; `tryLock` fails at once when held. */
export class MemoryLock implements ScriptLock {
  held = false;
  acquisitions = 0;

  tryLock(_timeoutMs: number): boolean {
    if (this.held) return false;
    this.held = true;
    this.acquisitions += 1;
    return true;
  }

  release(): void {
    this.held = false;
  }
}
