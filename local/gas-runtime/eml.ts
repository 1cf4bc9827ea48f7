/** Turns a .eml file into the GmailApp fake's message input. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import type { GmailInput } from './gmail';

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

export async function emlToGmailInput(
  source: string | Buffer,
  overrides: Partial<GmailInput> & { id?: string } = {},
): Promise<GmailInput> {
  const mail = await simpleParser(source);
  const headers: Record<string, string> = {};
  for (const line of mail.headerLines) {
    const colon = line.line.indexOf(':');
    if (colon > 0 && !(line.key in headers))
      headers[line.line.slice(0, colon).trim()] = line.line.slice(colon + 1).trim();
  }
  if (mail.messageId) headers['Message-ID'] = mail.messageId;
  const id =
    overrides.id ??
    (mail.messageId ?? `msg-${Math.random().toString(16).slice(2)}`).replace(/[<>]/g, '');
  return {
    id,
    from: addressText(mail.from),
    to: addressText(mail.to),
    subject: mail.subject ?? '',
    date: mail.date ?? new Date(0),
    plainBody: mail.text ?? '',
    htmlBody: typeof mail.html === 'string' ? mail.html : '',
    headers,
    ...overrides,
  };
}

export async function loadEml(
  file: string,
  overrides: Partial<GmailInput> = {},
): Promise<GmailInput> {
  return emlToGmailInput(fs.readFileSync(file), { id: path.basename(file, '.eml'), ...overrides });
}
