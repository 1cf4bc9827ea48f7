/**
 * What a crew member of the built-in provider reads: the crew-facing details of a charter (built
 * from the shared crew-facing helpers only: no revenue, notes filtered), the magic-link page
 * (phone first: one column, large buttons) and the invitation, change, cancellation and removal
 * e-mails. Every value is escaped.
 */
import type { BridgeRequest } from '../../../shared/bridge-contract';
import { formatDuration } from '../../../shared/booking';
import { bookingLabels, crewView, firstName, redactMoney } from '../../../shared/crew-facing';
import { escapeHtml } from '../../../shared/html';
import type { CrewPageDetails, InvitationEvent, InvitationRow } from './store';

export function crewPageDetails(
  req: BridgeRequest,
  checklistUrl: string,
  captainName: string,
): CrewPageDetails {
  const b = req.booking;
  const view = crewView(req);
  const start = bookingLabels(b);
  return {
    title: `Charter ${b.id} on ${view.boat || 'the boat'}`.slice(0, 200),
    date: start.date,
    time: start.time,
    zone: start.zone,
    duration: formatDuration(b.durationMinutes),
    boat: view.boat,
    meetingPoint: view.meetingPoint || 'ask the captain',
    captain: firstName(redactMoney(captainName)),
    guests: `${view.guest}${view.partySize ? `, party of ${view.partySize}` : ''}`,
    notes: view.notes,
    checklistUrl,
    crew: view.crew,
  };
}

export type MailKind = 'invite' | 'change' | 'cancel' | 'removal';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

function facts(d: CrewPageDetails): Array<[string, string]> {
  return [
    ['When', `${d.date}, ${d.time} ${d.zone} (${d.duration})`],
    ['Boat', d.boat],
    ['Meeting point', d.meetingPoint],
    ['Captain', d.captain || 'to be confirmed'],
    ['Guests', d.guests],
    ['Crew', d.crew.map((m) => `${m.name} (${m.role})`).join(', ') || 'to be confirmed'],
  ];
}

export function renderMail(
  kind: MailKind,
  member: Pick<InvitationRow, 'name' | 'role'>,
  d: CrewPageDetails,
  link: string | null,
): RenderedMail {
  const name = redactMoney(member.name);
  const role = redactMoney(member.role) || 'crew';
  const hello = `Hi ${firstName(name) || 'there'},`;
  const what: Record<MailKind, { subject: string; lines: string[] }> = {
    invite: {
      subject: `Crew invitation: ${d.title}, ${d.date}`,
      lines: [
        `You are invited as ${role} for ${d.title}.`,
        'Please confirm or decline with your personal link below (you can change your answer until departure).',
      ],
    },
    change: {
      subject: `Charter changed: ${d.title}, ${d.date}`,
      lines: [
        `${d.title} has changed. Here are the details as they are now.`,
        'Your answer stands; use your link to change it if you can no longer make it.',
      ],
    },
    cancel: {
      subject: `Charter cancelled: ${d.title}, ${d.date}`,
      lines: [`${d.title} on ${d.date} is cancelled. You do not need to come. Thank you!`],
    },
    removal: {
      subject: `No longer needed: ${d.title}, ${d.date}`,
      lines: [
        `The crew for ${d.title} on ${d.date} has changed and you are no longer needed for it. Thank you!`,
      ],
    },
  };
  const { subject, lines } = what[kind];
  const showDetails = kind === 'invite' || kind === 'change';
  const list = showDetails ? facts(d) : [];
  const text = [
    hello,
    '',
    ...lines,
    '',
    ...list.map(([k, v]) => `${k}: ${v}`),
    ...(showDetails && link ? ['', `Confirm or decline: ${link}`] : []),
    ...(showDetails && d.checklistUrl ? [`Crew checklist: ${d.checklistUrl}`] : []),
    '',
  ].join('\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#17202c;line-height:1.5">
<p>${escapeHtml(hello)}</p>
${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
${list.length ? `<ul>${list.map(([k, v]) => `<li><strong>${escapeHtml(k)}:</strong> ${escapeHtml(v)}</li>`).join('')}</ul>` : ''}
${showDetails && link ? `<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:12px 20px;background:#0b5cad;color:#fff;border-radius:8px;text-decoration:none">Confirm or decline</a></p>` : ''}
${showDetails && d.checklistUrl ? `<p><a href="${escapeHtml(d.checklistUrl)}">Crew checklist</a></p>` : ''}
</body></html>
`;
  return { subject, text, html };
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#17202c;background:#f3f6fa;overflow-wrap:anywhere}
main{max-width:520px;margin:0 auto;padding:20px 16px 40px}
h1{font-size:22px;margin:4px 0 12px}
.card{background:#fff;border:1px solid #d5dbe3;border-radius:12px;padding:14px 16px;margin:12px 0}
dl{margin:0}dt,.label{font-size:13px;font-weight:400;color:#667085;margin:8px 0 0}dd{margin:2px 0 0}
.answer{font-weight:600}.confirmed{color:#1a7f37}.declined{color:#b42318}.pending{color:#8a6d00}
form{margin:0}.buttons{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin-top:12px}
button{font:inherit;font-weight:600;padding:16px 8px;border-radius:10px;border:2px solid transparent;cursor:pointer;width:100%}
.yes{background:#1a7f37;color:#fff}.no{background:#fff;color:#b42318;border-color:#b42318}
button[disabled]{opacity:.45;cursor:default}
.note{color:#667085;font-size:14px}.notice{border-left:4px solid #0b5cad}
.problem{border-left:4px solid #b42318}
a{color:#0b5cad}pre{white-space:pre-wrap;font:inherit;margin:0}
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head>
<body><main>
${body}
</main></body></html>
`;
}

const ANSWER_WORDS: Record<string, string> = {
  confirmed: 'You confirmed: you are coming.',
  declined: 'You declined: you are not coming.',
  pending: 'You have not answered yet.',
};

export interface InvitationView {
  event: InvitationEvent;
  row: InvitationRow;
  /** The form posts back here (the member's link). */
  action: string;
  /** Answers are still accepted (before departure). */
  open: boolean;
  notice?: string;
}

export function renderInvitationPage(v: InvitationView): string {
  const d = v.event.details;
  const status = v.row.status;
  const dl = facts(d)
    .map(([k, val]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(val)}</dd>`)
    .join('');
  const form = v.open
    ? `<form method="post" action="${escapeHtml(v.action)}">
<input type="hidden" name="v" value="${v.row.version}">
<div class="buttons">
<button class="yes" name="answer" value="confirm"${status === 'confirmed' ? ' disabled' : ''}>Confirm</button>
<button class="no" name="answer" value="decline"${status === 'declined' ? ' disabled' : ''}>Decline</button>
</div></form>
<p class="note">You can change your answer until departure.</p>`
    : '<p class="note">This charter has departed: answers are closed.</p>';
  return page(
    d.title,
    `<h1>${escapeHtml(d.title)}</h1>
${v.notice ? `<div class="card notice"><p>${escapeHtml(v.notice)}</p></div>` : ''}
<div class="card">
<p>Hi ${escapeHtml(firstName(redactMoney(v.row.name)) || 'there')}, you are invited as <strong>${escapeHtml(redactMoney(v.row.role) || 'crew')}</strong>.</p>
<p class="answer ${escapeHtml(status)}">${escapeHtml(ANSWER_WORDS[status] ?? '')}</p>
${form}
</div>
<div class="card"><dl>${dl}</dl></div>
${d.notes ? `<div class="card"><h2 class="label">Notes</h2><pre>${escapeHtml(d.notes)}</pre></div>` : ''}
${d.checklistUrl ? `<p><a href="${escapeHtml(d.checklistUrl)}">Open the crew checklist</a></p>` : ''}`,
  );
}

/** A clear page for a link that cannot be used; nothing was written. */
export function renderProblemPage(title: string, message: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<div class="card problem"><p>${escapeHtml(message)}</p>
<p class="note">Nothing was recorded. If you think this is wrong, contact your captain.</p></div>`,
  );
}
