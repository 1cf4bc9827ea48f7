/**
 * In-memory SpreadsheetApp: a spreadsheet of sheets holding a grid of values, ranges with
 * getValues/setValues, the UI (menus, alerts, dialogs, toasts) recorded for tests, call counters
 * per method, and JSON save/load so the local sandbox can keep its sheet between runs.
 * Like Sheets, a numeric string written to a cell becomes a number unless its column was given
 * the plain-text format "@".
 */
import * as fs from 'node:fs';
import { CallCounter, guarded, NotImplementedInFakeError } from './common';
import {
  ConditionalRuleBuilderFake,
  ConditionalRuleFake,
  type FakeConditionalRule,
} from './conditional-format';

export type Cell = string | number | boolean | Date | null;

interface SheetData {
  name: string;
  rows: Cell[][];
  frozenRows: number;
  textColumns: Set<number>;
  /** "row:column" (1-based) -> formula; the cell's value reads as '' (the fake computes nothing). */
  formulas: Map<string, string>;
  maxRows: number;
  maxColumns: number;
  /** Conditional format rules, in order (only "cell not empty" rules are supported). */
  conditionalRules: FakeConditionalRule[];
}

export interface RecordedUi {
  menus: Array<{ title: string; items: Array<{ label: string; fn: string } | null> }>;
  alerts: Array<{ title: string; prompt: string }>;
  dialogs: Array<{ title: string; output: GoogleAppsScript.HTML.HtmlOutput }>;
  toasts: Array<{ message: string; title: string }>;
}

const NUMERIC = /^-?\d+(?:\.\d+)?$/;

function cloneCell(value: Cell): Cell {
  return value instanceof Date ? new Date(value.getTime()) : value;
}

export class FakeSpreadsheetStore {
  readonly calls = new CallCounter();
  readonly ui: RecordedUi = { menus: [], alerts: [], dialogs: [], toasts: [] };
  readonly sheets: SheetData[] = [];
  /** What alert() answers (tests may change it). */
  alertResponse: 'OK' | 'CANCEL' | 'YES' | 'NO' = 'OK';

  constructor(readonly name = 'Charter bookings') {}

  sheet(name: string): SheetData | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** A tab's values with trailing empty rows removed (handy in tests). */
  values(name: string): Cell[][] {
    const sheet = this.sheet(name);
    if (!sheet) throw new Error(`no tab "${name}"`);
    return sheet.rows.map((row) => row.map(cloneCell));
  }

  /** Rows of a tab as objects keyed by the header row. */
  records(name: string): Array<Record<string, Cell>> {
    const [header = [], ...rows] = this.values(name);
    return rows.map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? ''])));
  }

  addSheet(name: string): SheetData {
    if (this.sheet(name))
      throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    const data: SheetData = {
      name,
      rows: [],
      frozenRows: 0,
      textColumns: new Set(),
      formulas: new Map(),
      maxRows: 1000,
      maxColumns: 26,
      conditionalRules: [],
    };
    this.sheets.push(data);
    return data;
  }

  toJSON(): unknown {
    return {
      name: this.name,
      sheets: this.sheets.map((s) => ({
        name: s.name,
        frozenRows: s.frozenRows,
        textColumns: [...s.textColumns],
        formulas: Object.fromEntries(s.formulas),
        conditionalRules: s.conditionalRules,
        rows: s.rows.map((row) =>
          row.map((c) => (c instanceof Date ? { $date: c.toISOString() } : c)),
        ),
      })),
    };
  }

  save(file: string): void {
    fs.writeFileSync(file, JSON.stringify(this.toJSON(), null, 1));
  }

  static load(file: string): FakeSpreadsheetStore {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      name: string;
      sheets: Array<{
        name: string;
        frozenRows: number;
        textColumns: number[];
        formulas?: Record<string, string>;
        conditionalRules?: FakeConditionalRule[];
        rows: unknown[][];
      }>;
    };
    const store = new FakeSpreadsheetStore(json.name);
    for (const s of json.sheets) {
      const data = store.addSheet(s.name);
      data.frozenRows = s.frozenRows;
      data.textColumns = new Set(s.textColumns);
      data.formulas = new Map(Object.entries(s.formulas ?? {}));
      data.conditionalRules = s.conditionalRules ?? [];
      data.rows = s.rows.map((row) =>
        row.map((c) =>
          c && typeof c === 'object' && '$date' in (c as object)
            ? new Date((c as { $date: string }).$date)
            : (c as Cell),
        ),
      );
    }
    return store;
  }
}

function lastRowOf(sheet: SheetData): number {
  for (let r = sheet.rows.length - 1; r >= 0; r--) {
    if (sheet.rows[r]?.some((c) => c !== '' && c !== null)) return r + 1;
  }
  return 0;
}

function lastColumnOf(sheet: SheetData): number {
  let last = 0;
  for (const row of sheet.rows) {
    for (let c = row.length - 1; c >= last; c--) {
      if (row[c] !== '' && row[c] !== null && row[c] !== undefined) {
        last = c + 1;
        break;
      }
    }
  }
  return last;
}

class RangeFake {
  constructor(
    private readonly store: FakeSpreadsheetStore,
    private readonly sheet: SheetData,
    private readonly row: number,
    private readonly column: number,
    private readonly numRows: number,
    private readonly numColumns: number,
  ) {
    if (row < 1 || column < 1 || numRows < 1 || numColumns < 1) {
      throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    }
  }

  getRow(): number {
    return this.row;
  }
  getColumn(): number {
    return this.column;
  }
  getNumRows(): number {
    return this.numRows;
  }
  getNumColumns(): number {
    return this.numColumns;
  }
  getLastRow(): number {
    return this.row + this.numRows - 1;
  }
  getLastColumn(): number {
    return this.column + this.numColumns - 1;
  }

  getValues(): Cell[][] {
    const out: Cell[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const source = this.sheet.rows[this.row - 1 + r] ?? [];
      const row: Cell[] = [];
      for (let c = 0; c < this.numColumns; c++) {
        const value = source[this.column - 1 + c];
        row.push(value === undefined || value === null ? '' : cloneCell(value));
      }
      out.push(row);
    }
    return out;
  }

  getFormulas(): string[][] {
    const out: string[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const row: string[] = [];
      for (let c = 0; c < this.numColumns; c++)
        row.push(this.sheet.formulas.get(`${this.row + r}:${this.column + c}`) ?? '');
      out.push(row);
    }
    return out;
  }

  getValue(): Cell {
    return this.getValues()[0]?.[0] ?? '';
  }

  getDisplayValues(): string[][] {
    return this.getValues().map((row) =>
      row.map((c) => (c instanceof Date ? c.toISOString() : String(c ?? ''))),
    );
  }

  setValues(values: Cell[][]): this {
    if (!Array.isArray(values) || values.length !== this.numRows) {
      throw new Error(
        `The number of rows in the data does not match the number of rows in the range. The data has ${Array.isArray(values) ? values.length : 0} but the range has ${this.numRows}.`,
      );
    }
    values.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== this.numColumns) {
        throw new Error(
          `The number of columns in the data does not match the number of columns in the range. The data has ${Array.isArray(row) ? row.length : 0} but the range has ${this.numColumns}.`,
        );
      }
      row.forEach((value, c) => this.write(this.row + r, this.column + c, value));
    });
    return this;
  }

  setValue(value: Cell): this {
    for (let r = 0; r < this.numRows; r++)
      for (let c = 0; c < this.numColumns; c++) this.write(this.row + r, this.column + c, value);
    return this;
  }

  clearContent(): this {
    return this.setValue('');
  }

  setNumberFormat(format: string): this {
    for (let c = 0; c < this.numColumns; c++) {
      if (format === '@') this.sheet.textColumns.add(this.column + c);
      else this.sheet.textColumns.delete(this.column + c);
    }
    return this;
  }

  // Formatting has no effect on values; accepted and ignored.
  setFontWeight(): this {
    return this;
  }
  setBackground(): this {
    return this;
  }
  setWrap(): this {
    return this;
  }
  setHorizontalAlignment(): this {
    return this;
  }

  private write(row: number, column: number, value: Cell): void {
    if (
      value !== null &&
      !['string', 'number', 'boolean'].includes(typeof value) &&
      !(value instanceof Date)
    ) {
      throw new Error(`Cannot convert ${String(value)} to a cell value`);
    }
    const key = `${row}:${column}`;
    if (typeof value === 'string' && value.startsWith('=')) {
      this.sheet.formulas.set(key, value);
      value = '';
    } else {
      this.sheet.formulas.delete(key);
    }
    let stored: Cell = value ?? '';
    if (
      typeof stored === 'string' &&
      !this.sheet.textColumns.has(column) &&
      NUMERIC.test(stored.trim())
    ) {
      stored = Number(stored.trim());
    }
    while (this.sheet.rows.length < row) this.sheet.rows.push([]);
    const target = this.sheet.rows[row - 1] as Cell[];
    while (target.length < column) target.push('');
    target[column - 1] = stored;
    this.sheet.maxRows = Math.max(this.sheet.maxRows, row);
    this.sheet.maxColumns = Math.max(this.sheet.maxColumns, column);
  }
}

class SheetFake {
  constructor(
    private readonly store: FakeSpreadsheetStore,
    private readonly data: SheetData,
  ) {}

  private range(
    row: number,
    column: number,
    numRows = 1,
    numColumns = 1,
  ): GoogleAppsScript.Spreadsheet.Range {
    return guarded(
      'Range',
      new RangeFake(this.store, this.data, row, column, numRows, numColumns),
      this.store.calls,
    );
  }

  getName(): string {
    return this.data.name;
  }
  getSheetName(): string {
    return this.data.name;
  }
  getLastRow(): number {
    return lastRowOf(this.data);
  }
  getLastColumn(): number {
    return lastColumnOf(this.data);
  }
  getMaxRows(): number {
    return this.data.maxRows;
  }
  getMaxColumns(): number {
    return this.data.maxColumns;
  }
  getFrozenRows(): number {
    return this.data.frozenRows;
  }
  setFrozenRows(rows: number): this {
    this.data.frozenRows = rows;
    return this;
  }
  getDataRange(): GoogleAppsScript.Spreadsheet.Range {
    return this.range(
      1,
      1,
      Math.max(1, lastRowOf(this.data)),
      Math.max(1, lastColumnOf(this.data)),
    );
  }
  getRange(
    a: number | string,
    column?: number,
    numRows?: number,
    numColumns?: number,
  ): GoogleAppsScript.Spreadsheet.Range {
    if (typeof a === 'string')
      throw new NotImplementedInFakeError(
        'Sheet.getRange(a1Notation) is not implemented in the fake',
      );
    if (column === undefined)
      throw new NotImplementedInFakeError('Sheet.getRange(row) needs a column in the fake');
    return this.range(a, column, numRows ?? 1, numColumns ?? 1);
  }
  appendRow(values: Cell[]): this {
    const row = lastRowOf(this.data) + 1;
    new RangeFake(this.store, this.data, row, 1, 1, Math.max(1, values.length)).setValues([
      values.length ? values : [''],
    ]);
    return this;
  }
  getConditionalFormatRules(): GoogleAppsScript.Spreadsheet.ConditionalFormatRule[] {
    return this.data.conditionalRules.map((rule) =>
      guarded(
        'ConditionalFormatRule',
        new ConditionalRuleFake(rule, (g) => this.range(g.row, g.column, g.numRows, g.numColumns)),
        this.store.calls,
      ),
    );
  }
  setConditionalFormatRules(rules: GoogleAppsScript.Spreadsheet.ConditionalFormatRule[]): void {
    this.data.conditionalRules = rules.map((rule) => {
      const data = (rule as unknown as ConditionalRuleFake).data;
      return { ...data, ranges: data.ranges.map((g) => ({ ...g })) };
    });
  }
  autoResizeColumns(): this {
    return this;
  }
  setColumnWidth(): this {
    return this;
  }
}

class SpreadsheetFake {
  constructor(private readonly store: FakeSpreadsheetStore) {}

  private wrap(data: SheetData): GoogleAppsScript.Spreadsheet.Sheet {
    return guarded('Sheet', new SheetFake(this.store, data), this.store.calls);
  }

  getName(): string {
    return this.store.name;
  }
  getId(): string {
    return 'fake-spreadsheet';
  }
  getSheetByName(name: string): GoogleAppsScript.Spreadsheet.Sheet | null {
    const data = this.store.sheet(name);
    return data ? this.wrap(data) : null;
  }
  getSheets(): GoogleAppsScript.Spreadsheet.Sheet[] {
    return this.store.sheets.map((s) => this.wrap(s));
  }
  insertSheet(name: string): GoogleAppsScript.Spreadsheet.Sheet {
    return this.wrap(this.store.addSheet(name));
  }
  toast(message: string, title = '', _timeoutSeconds?: number): void {
    this.store.ui.toasts.push({ message, title });
  }
}

class MenuFake {
  private readonly items: Array<{ label: string; fn: string } | null> = [];
  constructor(
    private readonly ui: RecordedUi,
    private readonly title: string,
  ) {}
  addItem(label: string, fn: string): this {
    this.items.push({ label, fn });
    return this;
  }
  addSeparator(): this {
    this.items.push(null);
    return this;
  }
  addToUi(): void {
    this.ui.menus = this.ui.menus.filter((m) => m.title !== this.title);
    this.ui.menus.push({ title: this.title, items: this.items.slice() });
  }
}

const BUTTON_SET = {
  OK: 'OK',
  OK_CANCEL: 'OK_CANCEL',
  YES_NO: 'YES_NO',
  YES_NO_CANCEL: 'YES_NO_CANCEL',
};
const BUTTON = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' };

class UiFake {
  readonly ButtonSet = BUTTON_SET;
  readonly Button = BUTTON;
  constructor(private readonly store: FakeSpreadsheetStore) {}
  createMenu(title: string): GoogleAppsScript.Base.Menu {
    return guarded('Menu', new MenuFake(this.store.ui, title), this.store.calls);
  }
  alert(titleOrPrompt: string, prompt?: string | unknown): string {
    const hasTitle = typeof prompt === 'string';
    this.store.ui.alerts.push({
      title: hasTitle ? titleOrPrompt : '',
      prompt: hasTitle ? prompt : titleOrPrompt,
    });
    return this.store.alertResponse;
  }
  showModalDialog(output: GoogleAppsScript.HTML.HtmlOutput, title: string): void {
    this.store.ui.dialogs.push({ title, output });
  }
  showModelessDialog(output: GoogleAppsScript.HTML.HtmlOutput, title: string): void {
    this.store.ui.dialogs.push({ title, output });
  }
}

export type FakeSpreadsheetApp = GoogleAppsScript.Spreadsheet.SpreadsheetApp;

export function createSpreadsheetApp(store: FakeSpreadsheetStore): FakeSpreadsheetApp {
  const spreadsheet = guarded<GoogleAppsScript.Spreadsheet.Spreadsheet>(
    'Spreadsheet',
    new SpreadsheetFake(store),
    store.calls,
  );
  const ui = guarded<GoogleAppsScript.Base.Ui>('Ui', new UiFake(store), store.calls);
  return guarded<FakeSpreadsheetApp>(
    'SpreadsheetApp',
    {
      getActiveSpreadsheet: () => spreadsheet,
      getActive: () => spreadsheet,
      getUi: () => ui,
      flush: () => undefined,
      newConditionalFormatRule: () =>
        guarded<GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder>(
          'ConditionalFormatRuleBuilder',
          new ConditionalRuleBuilderFake(store.calls),
          store.calls,
        ),
    },
    store.calls,
  );
}
