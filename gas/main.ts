/**
 * The only file that wires Apps Script globals: it builds the ports from the real services and
 * exposes every entry point (gas/entrypoints.ts) as `global.name = fn`; gas-webpack-plugin turns
 * each assignment into the top-level function Apps Script needs for menus, triggers and
 * google.script.run. Logic lives in gas/core and receives its services as arguments.
 */
import { MENU, menuPath, type EntrypointName } from './entrypoints';
import { createKanbanEntrypoints } from './kanban/expose';
import { VIEWPORT } from './kanban/page';
import { readReport, writeReportTab } from './kanban/report';
import {
  appsScriptClock,
  gmailMailbox,
  scriptLock,
  scriptProperties,
  sheetRepository,
  spreadsheetNotifier,
  urlFetchTransport,
} from './adapters/apps-script';
import { googleCalendar } from './adapters/google-calendar';
import { gasSigningCrypto } from './bridge/gas-crypto';
import {
  DIALOG_TIME_ZONES,
  NEW_BOOKING_TITLE,
  previewFinance,
  submitBooking,
  type BookingForm,
} from './core/dialog';
import { runInbox, type InboxSummary } from './core/inbox';
import { buildMenu, describeTriggers, installTriggers, kanbanLinkHtml } from './core/menu';
import { retryBooking } from './core/delivery';
import { MAX_TRIES, RETRY_DELAYS_MINUTES, spanText } from './core/retry-schedule';
import { INBOX_BUSY_MESSAGE, LockBusyError } from './core/pipeline';
import { readSettings } from './core/settings';
import { describeSetup, setUpSheet } from './core/setup';
import type { Services } from './ports';

declare const global: Record<EntrypointName, unknown>;

function services(): Services {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  return {
    sheets: sheetRepository(
      spreadsheet,
      () => SpreadsheetApp.flush(),
      () => SpreadsheetApp.newConditionalFormatRule(),
    ),
    mailbox: gmailMailbox(GmailApp, MailApp, Session),
    http: urlFetchTransport(UrlFetchApp),
    clock: appsScriptClock(Utilities, () => Session.getScriptTimeZone()),
    lock: scriptLock(LockService),
    properties: scriptProperties(PropertiesService),
    crypto: gasSigningCrypto(Utilities),
    notifier: spreadsheetNotifier(spreadsheet),
    calendar: googleCalendar(() => CalendarApp),
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs a menu action; any failure ends in an alert that says what to do, not a stack trace. */
function menuAction(title: string, action: (ui: GoogleAppsScript.Base.Ui) => string | null): void {
  const ui = SpreadsheetApp.getUi();
  let message: string | null;
  try {
    message = action(ui);
  } catch (error) {
    console.error(`${title} failed`, error);
    message = `${title} did not finish: ${errorMessage(error)}`;
  }
  if (message !== null) ui.alert(title, message, ui.ButtonSet.OK);
}

function describeInbox(summary: InboxSummary): string {
  const parts = [
    `${summary.messages} e-mail(s) read`,
    `${summary.created} new`,
    `${summary.updated} changed`,
    `${summary.cancelled} cancelled`,
    `${summary.duplicates} duplicate(s)`,
    `${summary.ignored} ignored`,
    `${summary.needsReview} need review`,
  ];
  const lines = [`${parts.join(', ')}.`];
  if (summary.retried)
    lines.push(`${summary.retried} booking(s) with failed steps were sent again.`);
  if (summary.bridgeFailures)
    lines.push(
      `${summary.bridgeFailures} booking(s) could not be delivered; see Last error in Bookings. They are tried again ${RETRY_DELAYS_MINUTES.map((m) => spanText(m)).join(', ')} after each failure (${MAX_TRIES} tries in all).`,
    );
  if (summary.gaveUp)
    lines.push(
      `${summary.gaveUp} booking(s) gave up after ${MAX_TRIES} tries: press "Retry now" on the card, or use ${menuPath('retryFailed')}.`,
    );
  if (summary.status === 'stopped-at-time-budget')
    lines.push('Stopped at the time budget; the next run carries on.');
  if (summary.crew?.status === 'synced')
    lines.push(
      `Crew answers read for ${summary.crew.bookings} booking(s); ${summary.crew.notices} notice(s) sent, ${summary.crew.moved} card(s) moved to Crew Confirmed.`,
    );
  if (summary.crew?.status === 'unreadable')
    lines.push(
      `Crew answers could not be read (${summary.crew.message}); the sheet shows the last known ones.`,
    );
  return lines.join('\n');
}

function onOpen(): void {
  buildMenu(SpreadsheetApp.getUi());
}

function menuSetupSheet(): void {
  menuAction(MENU.setupSheet.label, () => {
    const s = services();
    return describeSetup(setUpSheet(s.sheets, s.clock.localIso(s.clock.now()).slice(0, 10)));
  });
}

/** Charter > Month report: the Report tab, rewritten from the Bookings rows. */
function menuMonthReport(): void {
  menuAction(MENU.monthReport.label, () => {
    const s = services();
    const { report, problems } = readReport(s.sheets);
    writeReportTab(s.sheets, report);
    const skipped = problems.length
      ? ` ${problems.length} booking(s) left out because a cell could not be read: ${problems.join('; ')}.`
      : '';
    return `The Report tab now shows ${report.months.length} month(s), ${report.charters} charter(s).${skipped}`;
  });
}

function inboxAction(title: string, trigger: 'menu' | 'retry'): void {
  menuAction(title, () => {
    const s = services();
    s.notifier.toast(
      trigger === 'retry' ? 'Retrying failed steps…' : 'Checking the inbox…',
      'Charter',
    );
    try {
      return describeInbox(runInbox(s, trigger, { includeRefused: trigger === 'retry' }));
    } catch (error) {
      if (error instanceof LockBusyError) return INBOX_BUSY_MESSAGE;
      throw error;
    }
  });
}

function menuProcessInbox(): void {
  inboxAction(MENU.processInbox.label, 'menu');
}

function menuRetryFailed(): void {
  inboxAction(MENU.retryFailed.label, 'retry');
}

function menuInstallTriggers(): void {
  menuAction(MENU.installTriggers.label, () => describeTriggers(installTriggers(ScriptApp)));
}

function menuOpenKanban(): void {
  menuAction(MENU.openKanban.label, (ui) => {
    const url = ScriptApp.getService().getUrl();
    ui.showModalDialog(
      HtmlService.createHtmlOutput(kanbanLinkHtml(url || null))
        .setWidth(380)
        .setHeight(url ? 140 : 240),
      'Kanban board',
    );
    return null;
  });
}

function menuNewBooking(): void {
  menuAction(MENU.newBooking.label, (ui) => {
    const s = services();
    const settings = readSettings(s);
    const template = HtmlService.createTemplateFromFile('new-booking');
    template.defaultTimeZone = settings.timeZone;
    template.timeZones = [...DIALOG_TIME_ZONES];
    template.revenueBasis = settings.finance.revenueBasis;
    const output = template
      .evaluate()
      .setTitle(NEW_BOOKING_TITLE)
      .addMetaTag('viewport', VIEWPORT)
      .setWidth(560)
      .setHeight(720);
    ui.showModalDialog(output, NEW_BOOKING_TITLE);
    return null;
  });
}

/** The time-driven trigger. An overlapping run exits quietly; other errors fail the execution so Apps Script reports them. */
function processInboxTrigger(): void {
  try {
    const summary = runInbox(services(), 'time-driven');
    console.log(describeInbox(summary));
  } catch (error) {
    if (error instanceof LockBusyError) {
      console.log(error.message);
      return;
    }
    throw error;
  }
}

function dialogPreviewFinance(form: BookingForm): ReturnType<typeof previewFinance> {
  return previewFinance(services(), form);
}

function dialogSubmitBooking(form: BookingForm): ReturnType<typeof submitBooking> {
  return submitBooking(services(), form);
}

global.onOpen = onOpen;
global.menuNewBooking = menuNewBooking;
global.menuProcessInbox = menuProcessInbox;
global.menuRetryFailed = menuRetryFailed;
global.menuInstallTriggers = menuInstallTriggers;
global.menuOpenKanban = menuOpenKanban;
global.menuSetupSheet = menuSetupSheet;
global.menuMonthReport = menuMonthReport;
global.processInboxTrigger = processInboxTrigger;
global.dialogPreviewFinance = dialogPreviewFinance;
global.dialogSubmitBooking = dialogSubmitBooking;

// The kanban web app and the board's RPCs (gas/kanban, built by the kanban engineer).
const kanban = createKanbanEntrypoints(() => {
  const s = services();
  return {
    sheets: s.sheets,
    lock: s.lock,
    clock: s.clock,
    retryBooking: (bookingId: string) => retryBooking(s, bookingId, 'board'),
  };
});
global.doGet = kanban.doGet;
global.boardLoad = kanban.boardLoad;
global.boardMoveCard = kanban.boardMoveCard;
global.boardCardDetail = kanban.boardCardDetail;
global.boardRetryStep = kanban.boardRetryStep;
global.boardReport = kanban.boardReport;
