/**
 * The captain's crew notices (text + HTML, every value escaped): all confirmed; someone declined
 * (who, and the role to fill); someone has not answered (how long they had, and why that long).
 */
import type { CrewStatusBooking } from '../../../shared/crew-status-contract';
import { crewStatusText, type DueNotice, type MemberAnswer } from '../../../shared/crew-status';
import { instantOf } from '../../../shared/booking';
import { bookingLabels } from '../../../shared/crew-facing';
import { escapeHtml } from '../../../shared/html';

export interface NoticeEmail {
  subject: string;
  text: string;
  html: string;
}

const MARK: Record<MemberAnswer['answer'], string> = {
  confirmed: 'confirmed',
  declined: 'DECLINED',
  waiting: 'no answer yet',
};

function hoursText(hours: number): string {
  return `${Math.round(hours * 10) / 10} h`;
}

export function renderNotice(args: {
  booking: CrewStatusBooking;
  notice: DueNotice;
  members: readonly MemberAnswer[];
  noAnswerHours: number;
  nowMs: number;
}): NoticeEmail {
  const { booking, notice, members } = args;
  const when = bookingLabels(booking);
  const label = `${booking.bookingId} (${booking.title || 'charter'}${booking.guestName ? `, ${booking.guestName}` : ''})`;
  const whenText = `${when.short} ${when.zone}`;
  const who = notice.members.map((m) => `${m.name} (${m.role})`).join(', ');
  let subject: string;
  const lines: string[] = [];
  if (notice.kind === 'all-confirmed') {
    subject = `Crew confirmed: all ${members.length} for ${booking.bookingId}, ${whenText}`;
    lines.push(`Everyone invited to charter ${label} on ${whenText} has confirmed.`);
  } else if (notice.kind === 'declined') {
    const roles = [...new Set(notice.members.map((m) => m.role))].join(', ');
    subject = `Crew declined: ${who} for ${booking.bookingId}, ${whenText}`;
    lines.push(
      `${who} declined charter ${label} on ${whenText}.`,
      `You need another ${roles}: add one in the Crew tab (the crew event is updated and the new member invited) or find a replacement yourself.`,
    );
  } else {
    subject = `No answer from ${who} for ${booking.bookingId}, ${whenText}`;
    const departure = instantOf(booking.start);
    const left = Math.max(0, (departure - args.nowMs) / 3_600_000);
    lines.push(
      `${who} has not answered the invitation to charter ${label}, which departs ${whenText} (in ${hoursText(left)}).`,
    );
    for (const m of notice.members) {
      const d = notice.deadlines?.[m.email];
      if (!d) continue;
      lines.push(
        d.late
          ? `${m.name} was invited less than ${args.noAnswerHours} h before departure, so this notice came after a shorter grace of ${hoursText(d.graceHours)} (half the time that was left).`
          : `This notice comes ${args.noAnswerHours} h before departure (Settings: crewAnswers.noAnswerHours).`,
      );
    }
  }
  const crew = members.map((m) => `${m.name} (${m.role}): ${MARK[m.answer]}`);
  const text = [
    ...lines,
    '',
    `Crew: ${crewStatusText(members)}`,
    ...crew.map((c) => `  ${c}`),
    '',
    'You get each crew notice once per booking change and crew member.',
    '',
  ].join('\n');
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#17202c">
${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
<h2 style="font-size:16px">Crew: ${escapeHtml(crewStatusText(members))}</h2>
<ul>
${crew.map((c) => `<li>${escapeHtml(c)}</li>`).join('\n')}
</ul>
<p style="color:#475467;font-size:13px">You get each crew notice once per booking change and crew member.</p>
</body></html>
`;
  return { subject, text, html };
}
