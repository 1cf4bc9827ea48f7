/**
 * Conditional formatting in the in-memory SpreadsheetApp: the "cell not empty" rules that "Set up
 * sheet" makes (a red "Clash with" cell), kept per sheet, and which cells they would colour.
 */
import { CallCounter, guarded, NotImplementedInFakeError } from './common';

export interface FakeRuleRange {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

/** A conditional format rule as the fake keeps it (and the sandbox shows it). */
export interface FakeConditionalRule {
  condition: 'CELL_NOT_EMPTY';
  background: string | null;
  fontColor: string | null;
  bold: boolean | null;
  ranges: FakeRuleRange[];
}

/** The cells of a tab that its conditional rules would show flagged: "row:column" -> rule. */
export function flaggedCells(sheet: {
  rows: unknown[][];
  conditionalRules: FakeConditionalRule[];
}): Map<string, FakeConditionalRule> {
  const flagged = new Map<string, FakeConditionalRule>();
  sheet.rows.forEach((row, r) =>
    row.forEach((value, c) => {
      if (value === '' || value === null || value === undefined) return;
      const rule = sheet.conditionalRules.find((x) =>
        x.ranges.some(
          (g) =>
            r + 1 >= g.row &&
            r + 1 < g.row + g.numRows &&
            c + 1 >= g.column &&
            c + 1 < g.column + g.numColumns,
        ),
      );
      if (rule) flagged.set(`${r + 1}:${c + 1}`, rule);
    }),
  );
  return flagged;
}

/** A built rule; `data` is what the sheet keeps. */
export class ConditionalRuleFake {
  constructor(
    readonly data: FakeConditionalRule,
    private readonly rangeOf: (g: FakeRuleRange) => GoogleAppsScript.Spreadsheet.Range,
  ) {}
  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return this.data.ranges.map(this.rangeOf);
  }
}

/** SpreadsheetApp.newConditionalFormatRule(): the "cell not empty" rules the setup uses. */
export class ConditionalRuleBuilderFake {
  private readonly data: FakeConditionalRule = {
    condition: 'CELL_NOT_EMPTY',
    background: null,
    fontColor: null,
    bold: null,
    ranges: [],
  };
  private conditionSet = false;
  constructor(private readonly calls: CallCounter) {}
  whenCellNotEmpty(): this {
    this.conditionSet = true;
    return this;
  }
  setBackground(color: string | null): this {
    this.data.background = color;
    return this;
  }
  setFontColor(color: string | null): this {
    this.data.fontColor = color;
    return this;
  }
  setBold(bold: boolean | null): this {
    this.data.bold = bold;
    return this;
  }
  setRanges(ranges: GoogleAppsScript.Spreadsheet.Range[]): this {
    this.data.ranges = ranges.map((r) => ({
      row: r.getRow(),
      column: r.getColumn(),
      numRows: r.getNumRows(),
      numColumns: r.getNumColumns(),
    }));
    return this;
  }
  build(): GoogleAppsScript.Spreadsheet.ConditionalFormatRule {
    if (!this.conditionSet)
      throw new NotImplementedInFakeError('only whenCellNotEmpty() rules exist in the fake');
    if (this.data.ranges.length === 0) throw new Error('A conditional format rule needs ranges.');
    return guarded(
      'ConditionalFormatRule',
      new ConditionalRuleFake({ ...this.data, ranges: [...this.data.ranges] }, () => {
        throw new NotImplementedInFakeError('a rule built but not yet set has no sheet');
      }),
      this.calls,
    );
  }
}
