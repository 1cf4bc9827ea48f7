/**
 * Builds the sandbox report (report.ts holds its format) from what every system holds: the sheet's
 * tabs, the stand-ins, the pages bucket, the captured e-mails and the inbox's messages, plus the
 * checks that make `ok` false (bridge steps that did not complete, sandbox errors).
 */
import { parseBoatsetterEmail } from '../../shared/boatsetter';
import { BookingSchema } from '../../shared/booking';
import { computeFinance, type Finance } from '../../shared/finance';
import { CANCELLED_LANE } from '../../shared/kanban';
import { centsToDecimalString } from '../../shared/money';
import { parseSettings } from '../../gas/core/settings';
import { messageKey, reviewLogSuffix } from '../../gas/core/inbox';
import { stepStateOf } from '../../gas/core/records';
import type { CellValue } from '../../gas/ports';
import { STEP_COLUMNS, TABS } from '../../gas/sheets/schema';
import type { GasRuntime } from '../gas-runtime';
import { googleCalendarReport } from './providers';
import {
  kanbanCards,
  MONEY_COLUMNS,
  REPORT_VERSION,
  rowsAsObjects,
  type ReportFinance,
  type ReportGuestPage,
  type ReportMessage,
  type SandboxReport,
} from './report';
import type { SystemReader } from './systems';
import type { RunRecord } from './types';

const LABEL_IGNORED = 'charter/ignored';
const LABEL_REVIEW = 'charter/needs-review';

export interface ReportContext {
  reader: SystemReader;
  gas: GasRuntime;
  inbox: { dir: string; files: string[] };
  state: { dir: string; persistent: boolean };
  urls: SandboxReport['urls'];
  runs: readonly RunRecord[];
  /** Failures of the sandbox itself (a run that threw, the stack process gone). */
  errors: readonly string[];
}

/** Everything every system holds now (the --once report). */
export async function buildReport(ctx: ReportContext): Promise<SandboxReport> {
  const { reader, gas } = ctx;
  const calendar = await reader.standinState<{
    events: Array<Record<string, unknown>>;
    deleted?: Array<Record<string, unknown>>;
  }>('calendar');
  const scc = await reader.standinState<{
    events: Array<Record<string, unknown>>;
    invitations?: Array<Record<string, unknown>>;
    notices?: Array<Record<string, unknown>>;
  }>('scc');
  const invalidations = await reader.invalidations();
  const guestPages: ReportGuestPage[] = [];
  for (const slug of await reader.guestPageSlugs())
    guestPages.push(await reader.fetchGuestPage(slug));
  const logRows = rowsAsObjects(reader.tab(TABS.log));
  const messages = reader.messages();
  const { review, ignored } = sortInbox(gas, messages, logRows);

  const bookings = rowsAsObjects(reader.tab(TABS.bookings), MONEY_COLUMNS);
  const errors = [...ctx.errors, ...stepProblems(bookings)];
  return {
    reportVersion: REPORT_VERSION,
    generatedAt: new Date().toISOString(),
    ok: errors.length === 0,
    errors,
    inbox: ctx.inbox,
    state: ctx.state,
    urls: ctx.urls,
    runs: ctx.runs.map((r) => ({ trigger: r.trigger, at: r.at, summary: r.summary })),
    bookings,
    finances: financeBreakdowns(bookings, reader.tab(TABS.settings)),
    kanban: kanbanCards(reader.tab(TABS.kanban)),
    calendar: calendar.events,
    calendarDeleted: calendar.deleted ?? [],
    providers: reader.providers(),
    googleCalendar: googleCalendarReport(gas.calendar),
    crewEvents: scc.events,
    crewInvitations: scc.invitations ?? [],
    crewNotices: scc.notices ?? [],
    guestPages,
    invalidations,
    emails: await reader.emails(),
    review,
    ignored,
    messages,
    log: logRows,
  };
}

/** The inbox's messages labelled for review (with the logged reason) and ignored (with their kind). */
function sortInbox(
  gas: GasRuntime,
  messages: readonly ReportMessage[],
  logRows: ReadonlyArray<Record<string, unknown>>,
): Pick<SandboxReport, 'review' | 'ignored'> {
  const review: SandboxReport['review'] = [];
  const ignored: SandboxReport['ignored'] = [];
  gas.gmail.messages.forEach((m, i) => {
    const message = messages[i] as ReportMessage;
    if (message.labels.includes(LABEL_REVIEW)) {
      review.push({ ...message, reason: loggedReason(m, logRows) ?? reparse(m).reason });
    } else if (message.labels.includes(LABEL_IGNORED)) {
      const parsed = reparse(m);
      ignored.push({ ...message, kind: parsed.kind, reason: parsed.reason });
    }
  });
  return { review, ignored };
}

/** The reason the latest run logged for this very message (matched by its Message-ID, not subject). */
function loggedReason(
  message: { id: string; subject: string; headers: Record<string, string> },
  logRows: ReadonlyArray<Record<string, unknown>>,
): string | null {
  const rfcMessageId =
    Object.entries(message.headers).find(([name]) => name.toLowerCase() === 'message-id')?.[1] ??
    null;
  const suffix = reviewLogSuffix(messageKey({ id: message.id, rfcMessageId }));
  for (let i = logRows.length - 1; i >= 0; i -= 1) {
    const row = logRows[i] as Record<string, unknown>;
    const details = String(row.Details ?? '');
    if (row.Action !== 'needs review' || !details.endsWith(suffix)) continue;
    const prefix = `${message.subject}: `;
    const reason = details.slice(0, -suffix.length);
    return reason.startsWith(prefix) ? reason.slice(prefix.length) : reason;
  }
  return null;
}

/** The finance breakdown of each booking row (see ReportFinance); [] if Settings cannot be read. */
export function financeBreakdowns(
  bookings: ReadonlyArray<Record<string, unknown>>,
  settingsTab: unknown[][] | null,
): ReportFinance[] {
  let settings: ReturnType<typeof parseSettings>;
  try {
    settings = parseSettings(settingsTab as CellValue[][] | null);
  } catch {
    return [];
  }
  const out: ReportFinance[] = [];
  for (const row of bookings) {
    const parsed = BookingSchema.safeParse(safeJson(String(row['Booking JSON'] ?? '')));
    if (!parsed.success) continue;
    const cancelled = String(row.Status ?? '') === CANCELLED_LANE;
    let finance: Finance;
    try {
      finance = computeFinance(parsed.data, settings.finance, cancelled ? 'cancelled' : 'new');
    } catch {
      continue;
    }
    out.push({
      bookingId: parsed.data.id,
      revenueBasis: finance.revenueBasis,
      revenue: centsToDecimalString(finance.revenueCents),
      crew: finance.crew.map((line) => ({
        role: line.role,
        count: line.count,
        rate: centsToDecimalString(line.rateCents),
        hours: line.minutes / 60,
        cost: centsToDecimalString(line.costCents),
      })),
      crewCost: centsToDecimalString(finance.crewCostCents),
      portFeePercent: centsToDecimalString(finance.portFeeBasisPoints),
      portFee: centsToDecimalString(finance.portFeeCents),
      net: centsToDecimalString(finance.netCents),
    });
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const STEP_HEADERS = Object.values(STEP_COLUMNS);

/**
 * Bridge steps that did not complete. Everything runs locally, so a failed or still pending step
 * means the system failed (unlike an e-mail in review, which is the system working).
 */
export function stepProblems(bookings: ReadonlyArray<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const row of bookings) {
    const bad = STEP_HEADERS.filter((step) =>
      ['failed', 'pending', 'unreadable'].includes(stepStateOf(String(row[step] ?? ''))),
    );
    if (bad.length === 0) continue;
    const detail = bad.map((step) => `${step} ${String(row[step])}`).join(', ');
    const lastError = row['Last error'] ? `: ${String(row['Last error'])}` : '';
    problems.push(`booking ${String(row['Booking ID'])}: ${detail}${lastError}`);
  }
  return problems;
}

/** What the parser makes of a message today (the kind of an ignored mail, a review reason). */
function reparse(message: {
  subject: string;
  from: string;
  headers: Record<string, string>;
  plainBody: string;
  htmlBody: string;
  date: Date;
}): { kind: string; reason: string } {
  const parsed = parseBoatsetterEmail({
    subject: message.subject,
    from: message.from,
    headers: message.headers,
    plainBody: message.plainBody,
    htmlBody: message.htmlBody,
    receivedAt: message.date.toISOString(),
  });
  if (parsed.kind === 'ignore') return { kind: parsed.reason, reason: parsed.detail };
  if (parsed.kind === 'needs-review') return { kind: 'needs-review', reason: parsed.reason };
  return { kind: parsed.kind, reason: '' };
}
