/**
 * The captain's summary e-mail: the booking, its finances (from the request, computed by the
 * sheet's rules), the crew with each member's confirmation status from SCC, and what changed or
 * that it was cancelled. Plain text and HTML (every value escaped). The captain is the one person
 * who sees money; this module is never used for anything crew-facing.
 */
import type { BridgeRequest } from '../../shared/bridge-contract';
import { formatDuration } from '../../shared/booking';
import type { CrewCostLine } from '../../shared/finance';
import { bookingLabels, tripWhen } from '../../shared/crew-facing';
import { escapeHtml } from '../../shared/html';
import { DEFAULT_PROVIDERS, PROVIDER_LABELS } from '../../shared/providers';
import { formatUsd } from '../../shared/money';
import type { CrewAnswer } from './adapters/crew-status';
import type { BookingSnapshot } from './adapters/state-store';
import { usesGoogleCalendar } from './steps/google-calendar';

export type EmailKind = 'new' | 'changed' | 'cancelled';

export interface CaptainEmailInput {
  request: BridgeRequest;
  kind: EmailKind;
  previous: BookingSnapshot | null;
  /** null when the crew status could not be read (no SCC event). */
  answers: Map<string, CrewAnswer> | null;
  links: { guestPage: string; checklist: string };
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

type Section = { title: string; lines: string[]; warn?: boolean };

function percent(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const frac = basisPoints % 100;
  return frac === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}%`;
}

function hours(minutes: number): string {
  return formatDuration(minutes);
}

/** " (12h per trip day cap; 56h on board)" when Settings' per-day cap cut the hours. */
function cappedText(line: CrewCostLine): string {
  return line.capped
    ? ` (capped at ${hours(line.capped.minutesPerDay)} per trip day; ${hours(line.capped.uncappedMinutes)} by the hours rule)`
    : '';
}

function when(s: Pick<BookingSnapshot, 'start' | 'timeZone' | 'durationMinutes'>): string {
  return tripWhen(s);
}

export function changeLines(previous: BookingSnapshot, current: BookingSnapshot): string[] {
  const lines: string[] = [];
  if (previous.start !== current.start || previous.durationMinutes !== current.durationMinutes)
    lines.push(`When: ${when(previous)} -> ${when(current)}`);
  if (previous.boat !== current.boat) lines.push(`Boat: ${previous.boat} -> ${current.boat}`);
  if (previous.pickupLocation !== current.pickupLocation)
    lines.push(
      `Meeting point: ${previous.pickupLocation || '(none)'} -> ${current.pickupLocation || '(none)'}`,
    );
  if (previous.guestName !== current.guestName)
    lines.push(`Guest: ${previous.guestName} -> ${current.guestName}`);
  if (previous.partySize !== current.partySize)
    lines.push(`Party size: ${previous.partySize ?? '?'} -> ${current.partySize ?? '?'}`);
  if (previous.crew && current.crew) {
    const added = current.crew.filter((c) => !previous.crew?.includes(c));
    const removed = previous.crew.filter((c) => !current.crew?.includes(c));
    if (added.length) lines.push(`Crew added: ${added.join(', ')}`);
    if (removed.length) lines.push(`Crew removed: ${removed.join(', ')}`);
  }
  return lines;
}

export function snapshotOf(request: BridgeRequest): BookingSnapshot {
  const b = request.booking;
  return {
    op: request.op,
    start: b.start,
    durationMinutes: b.durationMinutes,
    timeZone: b.timeZone,
    boat: b.boat,
    pickupLocation: b.pickupLocation,
    guestName: b.guestName,
    partySize: b.partySize,
    crew: request.crew.map((m) => `${m.name} (${m.role})`),
  };
}

const STATUS_LABEL: Record<string, string> = {
  confirmed: 'confirmed',
  declined: 'DECLINED',
  pending: 'invited, no answer yet',
};

/** Where the calendar entry lives: the provider chosen in Settings says so. */
export function calendarLine(request: BridgeRequest): string {
  if (!usesGoogleCalendar(request)) return 'Calendar: on the calendar dashboard';
  const report = request.googleCalendar;
  if (report?.error)
    return `Calendar: your Google Calendar could not be written (${report.error}); the sheet tries again on its next run`;
  if (request.op === 'cancel')
    return report?.action === 'deleted'
      ? 'Calendar: the entry was removed from your Google Calendar'
      : 'Calendar: there was no entry in your Google Calendar to remove';
  return 'Calendar: in your Google Calendar';
}

/** Who tells the crew about a cancellation: the crew provider chosen in Settings says so. */
export function crewCancelledText(request: BridgeRequest): string {
  const crew = request.providers?.crew ?? DEFAULT_PROVIDERS.crew;
  return crew === 'builtin'
    ? `every invited crew member gets a cancellation e-mail (${PROVIDER_LABELS.builtin})`
    : `the crew event is cancelled (${PROVIDER_LABELS.scc} notifies the crew)`;
}

export function hasCaptain(request: BridgeRequest): boolean {
  return request.crew.some((m) => /captain|skipper/i.test(m.role));
}

export function renderCaptainEmail(input: CaptainEmailInput): RenderedEmail {
  const { request, kind } = input;
  const b = request.booking;
  const start = bookingLabels(b);
  const headline =
    kind === 'cancelled'
      ? `Cancelled charter ${b.id}`
      : kind === 'changed'
        ? `Changed charter ${b.id}`
        : `New charter ${b.id}`;
  const subject = `${headline}: ${start.short} ${start.zone}, ${b.guestName}${b.partySize ? ` (${b.partySize})` : ''}`;

  const sections: Section[] = [];
  if (kind === 'cancelled') {
    sections.push({
      title: 'Cancelled',
      warn: true,
      lines: [
        `This charter has been cancelled. The calendar entry is removed, ${crewCancelledText(request)}, and the guest page now says the charter is cancelled.`,
      ],
    });
  }
  if (kind === 'changed') {
    const changes = input.previous ? changeLines(input.previous, snapshotOf(request)) : [];
    sections.push({
      title: 'What changed',
      lines: changes.length
        ? changes
        : ['Details were updated (no change to date, time, boat, meeting point or guest).'],
    });
  }
  sections.push({
    title: 'Booking',
    lines: [
      `Booking: ${b.id} (${b.source})`,
      `Guest: ${b.guestName}${b.partySize ? `, party of ${b.partySize}` : ''}`,
      `When: ${when(b)}`,
      `Boat: ${b.boat}`,
      `Meeting point: ${b.pickupLocation || '(not given)'}`,
      `Guest page: ${input.links.guestPage}`,
      `Crew checklist: ${input.links.checklist}`,
      calendarLine(request),
    ],
  });
  if (kind !== 'cancelled') {
    const f = request.finance;
    const basis = f.revenueBasis === 'boatPrice' ? 'boat price' : 'owner earnings';
    sections.push({
      title: 'Finances',
      lines: [
        `Revenue (${basis}): ${formatUsd(f.revenueCents)}`,
        ...f.crew.map(
          (line) =>
            `Crew ${line.role}: ${line.count} x ${formatUsd(line.rateCents)}/h x ${hours(line.minutes)} = ${formatUsd(line.costCents)}${cappedText(line)}`,
        ),
        `Crew total: ${formatUsd(f.crewCostCents)}`,
        `Port/marina fee ${percent(f.portFeeBasisPoints)}: ${formatUsd(f.portFeeCents)}`,
        `Net: ${formatUsd(f.netCents)}`,
      ],
    });
  }
  const crewLines = request.crew.map((m) => {
    const answer = input.answers?.get(m.email.toLowerCase());
    const status = answer
      ? (STATUS_LABEL[answer.status] ?? answer.status)
      : input.answers
        ? 'not invited yet'
        : 'status unknown';
    return `${m.name} (${m.role}) <${m.email}>: ${status}`;
  });
  sections.push({ title: 'Crew', lines: crewLines.length ? crewLines : ['No crew invited.'] });
  if (kind !== 'cancelled' && !hasCaptain(request)) {
    sections.push({
      title: 'Captain unassigned',
      warn: true,
      lines: ['No crew member has the captain role for this charter. Assign one in the sheet.'],
    });
  }
  if (b.notes.trim()) sections.push({ title: 'Notes', lines: b.notes.trim().split(/\r?\n/) });

  const text =
    `${headline}\n\n` +
    sections
      .map((s) => `${s.warn ? '!! ' : ''}${s.title}\n${s.lines.map((l) => `  ${l}`).join('\n')}`)
      .join('\n\n') +
    '\n';
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#17202c">
<h1 style="font-size:20px">${escapeHtml(headline)}</h1>
${sections
  .map(
    (s) =>
      `<h2 style="font-size:16px${s.warn ? ';color:#9b1c1c' : ''}">${escapeHtml(s.title)}</h2>\n<ul>\n${s.lines
        .map((l) => `<li>${escapeHtml(l)}</li>`)
        .join('\n')}\n</ul>`,
  )
  .join('\n')}
</body></html>
`;
  return { subject, text, html };
}
