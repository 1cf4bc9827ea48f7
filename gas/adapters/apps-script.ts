/**
 * Ports implemented on Apps Script services. Each factory takes the service object it needs
 * (passed in by gas/main.ts), so nothing here reaches for a global.
 */
import { menuPath } from '../entrypoints';
import type {
  CellValue,
  Clock,
  EnsureTabResult,
  HttpResult,
  HttpTransport,
  Mailbox,
  MailMessage,
  MailThread,
  Notifier,
  Properties,
  ScriptLock,
  SheetRepository,
  TabOptions,
} from '../ports';

const LABEL_CHUNK = 100;

/** How a flagged cell looks: the board's red (text) on a light red fill, bold. */
export const FLAG_STYLE = { background: '#fce8e6', fontColor: '#a50e0e' } as const;

type NewRule = () => GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder;

/**
 * One "not empty: red" rule per flagged column (rows 2 to the end of the grid). Rules the tab
 * already has on exactly such a column range are replaced, so setting up again adds nothing;
 * every other rule of the tab (the captain's own) is kept.
 */
function flagColumns(
  target: GoogleAppsScript.Spreadsheet.Sheet,
  columns: number[],
  rows: number,
  newRule: NewRule,
): void {
  if (columns.length === 0) return;
  const ours = (range: GoogleAppsScript.Spreadsheet.Range): boolean =>
    range.getRow() === 2 && range.getNumColumns() === 1 && columns.includes(range.getColumn());
  const kept = target.getConditionalFormatRules().filter((rule) => !rule.getRanges().every(ours));
  const flags = columns.map((column) =>
    newRule()
      .whenCellNotEmpty()
      .setBackground(FLAG_STYLE.background)
      .setFontColor(FLAG_STYLE.fontColor)
      .setBold(true)
      .setRanges([target.getRange(2, column, rows, 1)])
      .build(),
  );
  target.setConditionalFormatRules([...kept, ...flags]);
}

export function sheetRepository(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  flush: () => void,
  newRule: NewRule,
): SheetRepository {
  const sheets = new Map<string, GoogleAppsScript.Spreadsheet.Sheet | null>();
  const sheet = (tab: string): GoogleAppsScript.Spreadsheet.Sheet | null => {
    if (!sheets.has(tab)) sheets.set(tab, spreadsheet.getSheetByName(tab));
    return sheets.get(tab) ?? null;
  };
  const required = (tab: string): GoogleAppsScript.Spreadsheet.Sheet => {
    const found = sheet(tab);
    if (!found)
      throw new Error(`The "${tab}" tab is missing. Run ${menuPath('setupSheet')} to create it.`);
    return found;
  };
  const lastRows = new Map<string, number>();
  const dataRanges = new Map<string, GoogleAppsScript.Spreadsheet.Range>();
  const lastRow = (tab: string): number => {
    if (!lastRows.has(tab)) lastRows.set(tab, required(tab).getLastRow());
    return lastRows.get(tab) ?? 0;
  };
  const write = (tab: string, row: number, column: number, rows: CellValue[][]): void => {
    if (rows.length === 0) return;
    const width = Math.max(...rows.map((r) => r.length));
    const block = rows.map((r) => {
      const copy = r.slice();
      while (copy.length < width) copy.push('');
      return copy;
    });
    required(tab).getRange(row, column, block.length, width).setValues(block);
    lastRows.set(tab, Math.max(lastRows.get(tab) ?? 0, row + block.length - 1));
  };
  return {
    write,
    readFormulas(tab) {
      const range = dataRanges.get(tab) ?? sheet(tab)?.getDataRange();
      return range ? range.getFormulas() : null;
    },
    read(tab) {
      const found = sheet(tab);
      if (!found) return null;
      const range = found.getDataRange();
      dataRanges.set(tab, range);
      const values = range.getValues() as CellValue[][];
      lastRows.set(
        tab,
        values.length === 1 && values[0]?.every((v) => v === '') ? 0 : values.length,
      );
      return values;
    },
    lastRow,
    appendRows(tab, rows) {
      if (rows.length === 0) return;
      write(tab, lastRow(tab) + 1, 1, rows);
    },
    ensureTab(tab, headers, options?: TabOptions): EnsureTabResult {
      let target = sheet(tab);
      const created = !target;
      if (!target) {
        target = spreadsheet.insertSheet(tab);
        sheets.set(tab, target);
      }
      const lastColumn = target.getLastColumn();
      const existing =
        lastColumn > 0
          ? target
              .getRange(1, 1, 1, lastColumn)
              .getValues()[0]!
              .map((v) => String(v).trim())
          : [];
      const missing = headers.filter((h) => !existing.includes(h));
      if (missing.length > 0) {
        target.getRange(1, lastColumn + 1, 1, missing.length).setValues([missing]);
      }
      const all = [...existing, ...missing];
      target.setFrozenRows(1);
      target.getRange(1, 1, 1, all.length).setFontWeight('bold');
      const rows = Math.max(1, target.getMaxRows() - 1);
      for (const name of options?.textColumns ?? []) {
        const col = all.indexOf(name);
        if (col >= 0) target.getRange(2, col + 1, rows, 1).setNumberFormat('@');
      }
      for (const name of options?.moneyColumns ?? []) {
        const col = all.indexOf(name);
        if (col >= 0) target.getRange(2, col + 1, rows, 1).setNumberFormat('$#,##0.00');
      }
      const flagged = (options?.flagColumns ?? []).map((name) => all.indexOf(name) + 1);
      flagColumns(
        target,
        flagged.filter((column) => column > 0),
        rows,
        newRule,
      );
      return { tab, created, addedHeaders: created ? [] : missing };
    },
    flush,
  };
}

function toMailMessage(
  thread: GoogleAppsScript.Gmail.GmailThread,
  message: GoogleAppsScript.Gmail.GmailMessage,
): MailMessage {
  const rfcMessageId = message.getHeader('Message-ID') || null;
  const date = message.getDate();
  return {
    id: message.getId(),
    threadId: thread.getId(),
    rfcMessageId,
    from: message.getFrom(),
    subject: message.getSubject(),
    date: date.getTime(),
    plainBody: message.getPlainBody(),
    htmlBody: message.getBody(),
    headers: {
      From: message.getFrom(),
      To: message.getTo(),
      Subject: message.getSubject(),
      Date: date.toUTCString(),
      ...(rfcMessageId ? { 'Message-ID': rfcMessageId } : {}),
    },
  };
}

export function gmailMailbox(
  gmail: GoogleAppsScript.Gmail.GmailApp,
  mail: GoogleAppsScript.Mail.MailApp,
  session: GoogleAppsScript.Base.Session,
): Mailbox {
  const threadsById = new Map<string, GoogleAppsScript.Gmail.GmailThread>();
  return {
    search(query, pageSize): MailThread[] {
      const size = Math.min(500, pageSize);
      const found: GoogleAppsScript.Gmail.GmailThread[] = [];
      for (let start = 0; ; start += size) {
        const page = gmail.search(query, start, size);
        found.push(...page);
        if (page.length < size) break;
      }
      if (found.length === 0) return [];
      const messages = gmail.getMessagesForThreads(found);
      return found.map((thread, i) => {
        threadsById.set(thread.getId(), thread);
        return {
          id: thread.getId(),
          messages: (messages[i] ?? []).map((m) => toMailMessage(thread, m)),
        };
      });
    },
    addLabel(name, threadIds) {
      if (threadIds.length === 0) return;
      const label = gmail.getUserLabelByName(name) ?? gmail.createLabel(name);
      const threads = threadIds
        .map((id) => threadsById.get(id))
        .filter((t): t is GoogleAppsScript.Gmail.GmailThread => !!t);
      for (let i = 0; i < threads.length; i += LABEL_CHUNK)
        label.addToThreads(threads.slice(i, i + LABEL_CHUNK));
    },
    sendEmail(to, subject, body) {
      mail.sendEmail(to, subject, body);
    },
    ownEmail() {
      return session.getEffectiveUser().getEmail();
    },
  };
}

export function urlFetchTransport(urlFetch: GoogleAppsScript.URL_Fetch.UrlFetchApp): HttpTransport {
  return {
    fetchAll(requests): HttpResult[] {
      if (requests.length === 0) return [];
      const params = requests.map((r) => ({
        url: r.url,
        method: r.method,
        contentType: r.contentType,
        payload: r.payload,
        headers: r.headers,
        muteHttpExceptions: true,
        followRedirects: false,
      }));
      try {
        return urlFetch.fetchAll(params).map((response) => ({
          kind: 'response' as const,
          status: response.getResponseCode(),
          body: response.getContentText(),
        }));
      } catch (error) {
        // fetchAll throws when any request cannot connect at all (DNS, refused, timeout).
        const message = error instanceof Error ? error.message : String(error);
        return requests.map(() => ({ kind: 'network-error' as const, message }));
      }
    },
  };
}

export function appsScriptClock(
  utilities: Pick<GoogleAppsScript.Utilities.Utilities, 'formatDate'>,
  timeZone: () => string,
): Clock {
  return {
    now: () => Date.now(),
    localIso: (epochMs) =>
      utilities.formatDate(new Date(epochMs), timeZone(), "yyyy-MM-dd'T'HH:mm:ssXXX"),
  };
}

export function scriptLock(lockService: GoogleAppsScript.Lock.LockService): ScriptLock {
  const lock = lockService.getScriptLock();
  return {
    tryLock: (ms) => lock.tryLock(ms),
    release: () => lock.releaseLock(),
  };
}

export function scriptProperties(
  propertiesService: GoogleAppsScript.Properties.PropertiesService,
): Properties {
  const store = propertiesService.getScriptProperties();
  return { get: (key) => store.getProperty(key) };
}

export function spreadsheetNotifier(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
): Notifier {
  return {
    toast(message, title) {
      try {
        spreadsheet.toast(message, title ?? 'Charter', 5);
      } catch {
        // No one is looking at the sheet (time-driven run): a toast is only a courtesy.
      }
    },
  };
}
