/** The captured e-mails: /emails lists them, /emails/N shows one. */
import { escapeHtml, layout, table } from './html';
import type { ReportEmail } from './report';

export function emailList(emails: ReportEmail[]): string {
  return layout(
    'E-mails',
    `<h1>Captured e-mails</h1><p class="muted">SES: sent by the bridge (the captain's summary). Apps Script: sent by the sheet (e.g. the review alert).</p>
    ${table([
      ['#', 'Source', 'To', 'Subject', 'At'],
      ...emails.map((e, i) => [i, e.source, e.to.join(', '), e.subject, e.at]),
    ]).replace(
      /<tr><td>(\d+)<\/td>/g,
      (_m, n: string) => `<tr><td><a href="/emails/${n}">${n}</a></td>`,
    )}`,
  );
}

export function emailPage(email: ReportEmail, index: number): string {
  return layout(
    email.subject,
    `<h1>${escapeHtml(email.subject)}</h1>
    <p>From ${escapeHtml(email.from)} to ${escapeHtml(email.to.join(', '))} (${escapeHtml(email.source)}, ${escapeHtml(email.at)}) · <a href="/emails">all e-mails</a></p>
    ${email.html ? `<h2>HTML</h2><iframe sandbox="" title="e-mail ${index}" srcdoc="${escapeHtml(email.html)}"></iframe>` : ''}
    <h2>Text</h2><pre>${escapeHtml(email.text)}</pre>`,
  );
}
