/**
 * The captured e-mails: /emails lists them (newest first), /emails/N shows one as it was sent:
 * the text with its links clickable, and the HTML part in a frame that runs no script and opens
 * links in this window. Everything from the e-mail is escaped; only http(s) links become links.
 */
import { escapeHtml, layout } from './html';
import type { ReportEmail } from './report';
import { humanInstant, instantOrNull } from './when';

const SOURCE: Record<ReportEmail['source'], string> = {
  ses: 'from the bridge (SES)',
  'apps-script': 'from the sheet (Apps Script)',
};

function when(email: ReportEmail, timeZone: string): string {
  const ms = instantOrNull(email.at);
  return ms === null ? '' : humanInstant(ms, timeZone);
}

export function emailList(emails: readonly ReportEmail[], timeZone: string): string {
  const items = emails
    .map((e, i) => ({ e, i }))
    .reverse()
    .map(
      ({
        e,
        i,
      }) => `<li data-email="${i}"><a href="/emails/${i}"><strong>${escapeHtml(e.subject || '(no subject)')}</strong></a><br>
      <span class="muted">to ${escapeHtml(e.to.join(', '))} · ${SOURCE[e.source]} · ${escapeHtml(when(e, timeZone))}</span></li>`,
    )
    .join('');
  return layout(
    'E-mails',
    `<h1>Captured e-mails (${emails.length})</h1>
    <p class="muted">Nothing leaves this machine: the bridge's mail (the captain's summaries) is caught by
    the SES emulator, the sheet's (e.g. the review alert) by the Gmail fake.</p>
    ${emails.length ? `<ul class="emails">${items}</ul>` : '<p class="muted">No e-mails yet.</p>'}`,
  );
}

/** Escaped text whose http(s) URLs are links (trailing punctuation stays text). */
export function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<>"']+/g, (found) => {
    const url = found.replace(/[.,;:!?)\]]+$/, '');
    return `<a href="${url}">${url}</a>${found.slice(url.length)}`;
  });
}

export function emailPage(email: ReportEmail, index: number, timeZone: string): string {
  const frame = email.html
    ? `<h2>As HTML</h2><iframe sandbox="allow-top-navigation-by-user-activation" title="e-mail ${index}, HTML part"
       srcdoc="${escapeHtml(`<base target="_top">${email.html}`)}"></iframe>`
    : '';
  return layout(
    email.subject,
    `<p><a href="/emails">\u2190 All e-mails</a></p>
    <h1>${escapeHtml(email.subject)}</h1>
    <p class="muted">From ${escapeHtml(email.from)} to ${escapeHtml(email.to.join(', '))} · ${SOURCE[email.source]} · ${escapeHtml(when(email, timeZone))}</p>
    <div class="email-body">${linkify(email.text)}</div>
    ${frame}`,
  );
}
