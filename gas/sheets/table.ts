/**
 * A tab held in memory for one run: read once, changed in memory, written back as one block.
 * Columns are found by header text, so a captain may reorder columns or add their own.
 */
import { menuPath } from '../entrypoints';
import type { CellValue, SheetRepository } from '../ports';

export class SheetSchemaError extends Error {
  override readonly name = 'SheetSchemaError';
}

export class Table<H extends string = string> {
  readonly headers: string[];
  private readonly rows: CellValue[][];
  private readonly columnOf = new Map<string, number>();
  private firstDirty = Number.POSITIVE_INFINITY;
  private lastDirty = -1;
  /** "row:column" of every cell this run changed. */
  private readonly changed = new Set<string>();
  /** Formulas of the data rows as read ('' = none); rewritten as formulas, never as values. */
  private readonly formulas: string[][];

  constructor(
    readonly tab: string,
    values: CellValue[][] | null,
    required: readonly H[],
    formulas: string[][] | null = null,
  ) {
    if (!values || values.length === 0) {
      throw new SheetSchemaError(
        `The "${tab}" tab is missing. Run ${menuPath('setupSheet')} to create it.`,
      );
    }
    const [header = [], ...data] = values;
    this.headers = header.map((cell) => String(cell ?? '').trim());
    this.headers.forEach((name, index) => {
      if (name && !this.columnOf.has(name)) this.columnOf.set(name, index);
    });
    const missing = required.filter((name) => !this.columnOf.has(name));
    if (missing.length > 0) {
      throw new SheetSchemaError(
        `The "${tab}" tab has no column ${missing.map((m) => `"${m}"`).join(', ')}. Run ${menuPath('setupSheet')} to add it.`,
      );
    }
    const width = this.headers.length;
    // Blank rows are kept so that row i is always sheet row i + 2.
    this.rows = data.map((row) => {
      const copy = row.slice(0, width);
      while (copy.length < width) copy.push('');
      return copy;
    });
    this.formulas = (formulas ?? []).slice(1).map((row) => row.map((f) => String(f ?? '')));
  }

  get size(): number {
    return this.rows.length;
  }

  indexes(): number[] {
    return this.rows.map((_, i) => i);
  }

  /** Index of the first row whose `header` cell equals `value` (compared as trimmed text). */
  find(header: H, value: string): number {
    const col = this.column(header);
    const wanted = value.trim();
    return this.rows.findIndex((row) => String(row[col] ?? '').trim() === wanted);
  }

  /** Row index by the trimmed text of `header` (first row wins, blank cells skipped): one pass. */
  indexBy(header: H): Map<string, number> {
    const col = this.column(header);
    const map = new Map<string, number>();
    this.rows.forEach((row, index) => {
      const key = String(row[col] ?? '').trim();
      if (key && !map.has(key)) map.set(key, index);
    });
    return map;
  }

  get(index: number, header: H): CellValue {
    return this.row(index)[this.column(header)] ?? '';
  }

  text(index: number, header: H): string {
    const value = this.get(index, header);
    return value === null ? '' : String(value).trim();
  }

  set(index: number, header: H, value: CellValue): void {
    const row = this.row(index);
    const col = this.column(header);
    if (row[col] === value) return;
    row[col] = value;
    this.changed.add(`${index}:${col}`);
    this.markDirty(index);
  }

  setAll(index: number, values: Partial<Record<H, CellValue>>): void {
    for (const [header, value] of Object.entries(values) as Array<[H, CellValue]>) {
      this.set(index, header, value);
    }
  }

  append(values: Partial<Record<H, CellValue>>): number {
    this.rows.push(this.headers.map(() => ''));
    const index = this.rows.length - 1;
    this.markDirty(index);
    this.setAll(index, values);
    return index;
  }

  /** The smallest block holding every changed row: sheet row (1-based) and values. */
  dirtyBlock(): { row: number; values: CellValue[][] } | null {
    if (this.lastDirty < 0) return null;
    const values = this.rows.slice(this.firstDirty, this.lastDirty + 1).map((row, offset) => {
      const index = this.firstDirty + offset;
      return row.map((value, col) => {
        const formula = this.formulas[index]?.[col] ?? '';
        return formula && !this.changed.has(`${index}:${col}`) ? formula : value;
      });
    });
    return { row: this.firstDirty + 2, values };
  }

  markClean(): void {
    this.changed.clear();
    this.firstDirty = Number.POSITIVE_INFINITY;
    this.lastDirty = -1;
  }

  private column(header: H): number {
    const col = this.columnOf.get(header);
    if (col === undefined)
      throw new SheetSchemaError(`The "${this.tab}" tab has no column "${header}".`);
    return col;
  }

  private row(index: number): CellValue[] {
    const row = this.rows[index];
    if (!row) throw new RangeError(`row ${index} does not exist in "${this.tab}"`);
    return row;
  }

  private markDirty(index: number): void {
    this.firstDirty = Math.min(this.firstDirty, index);
    this.lastDirty = Math.max(this.lastDirty, index);
  }
}

/** Writes a table's changed rows back with one setValues (formulas kept), then marks it clean. */
export function writeChanges(sheets: SheetRepository, table: Table<string>): void {
  const block = table.dirtyBlock();
  if (block) sheets.write(table.tab, block.row, 1, block.values);
  table.markClean();
}
