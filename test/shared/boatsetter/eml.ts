/**
 * Test helper: reads an .eml file the way Gmail hands a message to Apps Script (subject decoded,
 * plain and HTML bodies decoded, raw header values), using mailparser's simpleParser.
 */
import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import type { BoatsetterMessage } from '../../../shared/boatsetter';

export async function readEml(path: string): Promise<BoatsetterMessage> {
  const raw = readFileSync(path);
  return emlToMessage(raw);
}

export async function emlToMessage(raw: Buffer | string): Promise<BoatsetterMessage> {
  const source = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const parsed = await simpleParser(source, { skipTextToHtml: true, skipImageLinks: true });
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const colon = line.indexOf(':');
    if (!(key in headers)) headers[key] = line.slice(colon + 1).trim();
  }
  // Gmail gives no plain part for HTML-only mail to our parser (it must read the HTML itself);
  // mailparser would synthesise one, so drop it when the message has no text/plain part.
  const text = source.toString('latin1');
  const hasPlainPart = /content-type:\s*text\/plain/i.test(text) || !/content-type:/i.test(text);
  return {
    subject: parsed.subject ?? '',
    from: parsed.from?.text ?? '',
    headers,
    plainBody: hasPlainPart ? (parsed.text ?? null) : null,
    htmlBody: typeof parsed.html === 'string' ? parsed.html : null,
    messageId: parsed.messageId,
    receivedAt: parsed.date ? parsed.date.toISOString() : undefined,
  };
}
