/**
 * Boatsetter e-mails as the Mailbox port hands them to the inbox run: the repository's .eml
 * fixtures (or copies of one with another booking id), each in its own thread of a FakeMailbox.
 */
import * as path from 'node:path';
import { loadEml, type GmailInput } from '../../../../local/gas-runtime';
import type { MailMessage } from '../../../../gas/ports';
import type { FakeMailbox } from './fake-services';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/boatsetter');

export const MAIL = {
  /** The worked example: XHQGMDH, Thursday May 30 2024 9:00 PDT, 3 h, $840.75. */
  seed: '00_seed_example_xhqgmdh.eml',
  marketing: '07_marketing_same_sender.eml',
} as const;

function toMessage(input: GmailInput): MailMessage {
  return {
    id: input.id,
    threadId: input.threadId ?? `thread-${input.id}`,
    rfcMessageId: input.headers['Message-ID'] ?? null,
    from: input.from,
    subject: input.subject,
    date: new Date(input.date).getTime(),
    plainBody: input.plainBody,
    htmlBody: input.htmlBody,
    headers: input.headers,
  };
}

/** A fixture as a message; `bookingId` makes a copy of the seed for another booking. */
export async function fixtureMessage(file: string, bookingId?: string): Promise<MailMessage> {
  const input = await loadEml(path.join(FIXTURES, file));
  if (!bookingId) return toMessage(input);
  const swap = (text: string) => text.split('XHQGMDH').join(bookingId);
  return toMessage({
    ...input,
    id: `${input.id}-${bookingId}`,
    subject: swap(input.subject),
    plainBody: swap(input.plainBody),
    htmlBody: swap(input.htmlBody),
    headers: { ...input.headers, 'Message-ID': `<${bookingId}@boatsetter.example>` },
  });
}

/** A Boatsetter-looking message the parser cannot read. */
export function garbledMessage(id: string): MailMessage {
  return {
    id,
    threadId: `thread-${id}`,
    rfcMessageId: `<${id}@boatsetter.com>`,
    from: 'Boatsetter <notifications@boatsetter.com>',
    subject: 'Booking confirmed',
    date: Date.parse('2024-05-13T10:00:00Z'),
    plainBody: 'Your booking is confirmed!\n\nDetails will follow.\n',
    htmlBody: '',
    headers: { 'Message-ID': `<${id}@boatsetter.com>` },
  };
}

/** Puts each message in its own thread of the mailbox. */
export function deliver(mailbox: FakeMailbox, ...messages: MailMessage[]): void {
  for (const message of messages)
    mailbox.threads.push({ id: message.threadId, messages: [message] });
}
