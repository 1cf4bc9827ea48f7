/**
 * "Set up sheet": creates missing tabs, adds missing header cells at the end of row 1 and adds
 * Settings keys that are missing; the "Clash with" cells of Bookings and Kanban turn red when
 * they name another booking. Running it again changes nothing; it never edits a data row.
 */
import type { EnsureTabResult, SheetRepository } from '../ports';
import {
  BOOKINGS_HEADERS,
  BOOKINGS_MONEY_HEADERS,
  KANBAN_MONEY_HEADERS,
  CREW_HEADERS,
  KANBAN_HEADERS,
  LOG_HEADERS,
  SETTINGS_HEADERS,
  TABS,
  type BookingsHeader,
  type KanbanHeader,
} from '../sheets/schema';
import { DEFAULT_SETTINGS_ROWS, settingsMap, sinceRow } from './settings';

/** The column that names the bookings a row clashes with (red when not empty). */
const CLASH_HEADER: BookingsHeader & KanbanHeader = 'Clash with';

export interface SetupReport {
  tabs: EnsureTabResult[];
  addedSettings: string[];
}

/** `today` (yyyy-mm-dd) becomes the inbox start date of a new sheet. */
export function setUpSheet(sheets: SheetRepository, today: string): SetupReport {
  const tabs = [
    sheets.ensureTab(TABS.bookings, BOOKINGS_HEADERS, {
      textColumns: ['Booking ID', 'Start', 'End', 'Last run'],
      moneyColumns: [...BOOKINGS_MONEY_HEADERS],
      flagColumns: [CLASH_HEADER],
    }),
    sheets.ensureTab(TABS.kanban, KANBAN_HEADERS, {
      textColumns: ['Booking ID', 'Start', 'Updated at'],
      moneyColumns: [...KANBAN_MONEY_HEADERS],
      flagColumns: [CLASH_HEADER],
    }),
    sheets.ensureTab(TABS.crew, CREW_HEADERS, { moneyColumns: ['Hourly rate'] }),
    sheets.ensureTab(TABS.settings, SETTINGS_HEADERS, { textColumns: ['Value'] }),
    sheets.ensureTab(TABS.log, LOG_HEADERS, { textColumns: ['Time', 'Booking ID'] }),
  ];
  const existing = settingsMap(sheets.read(TABS.settings));
  const missing = [...DEFAULT_SETTINGS_ROWS, sinceRow(today)].filter(([key]) => !existing.has(key));
  if (missing.length > 0)
    sheets.appendRows(
      TABS.settings,
      missing.map((row) => [...row]),
    );
  sheets.flush();
  return { tabs, addedSettings: missing.map(([key]) => key) };
}

export function describeSetup(report: SetupReport): string {
  const created = report.tabs.filter((t) => t.created).map((t) => t.tab);
  const repaired = report.tabs.filter((t) => !t.created && t.addedHeaders.length > 0);
  const parts: string[] = [];
  if (created.length) parts.push(`Created tabs: ${created.join(', ')}.`);
  for (const t of repaired) parts.push(`Added columns to ${t.tab}: ${t.addedHeaders.join(', ')}.`);
  if (report.addedSettings.length)
    parts.push(`Added settings: ${report.addedSettings.join(', ')}.`);
  return parts.length ? parts.join(' ') : 'The sheet is already set up; nothing changed.';
}
