/** Outgoing e-mail through SES (v1 SendEmail: Source, Destination, Message with Text and Html). */
import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { fromSdkError } from '../errors';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

export function sesMailer(ses: SESClient, from: string): Mailer {
  return {
    async send(mail) {
      try {
        const out = await ses.send(
          new SendEmailCommand({
            Source: from,
            Destination: { ToAddresses: [mail.to] },
            Message: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: mail.text, Charset: 'UTF-8' },
                Html: { Data: mail.html, Charset: 'UTF-8' },
              },
            },
          }),
        );
        return { messageId: out.MessageId ?? '' };
      } catch (err) {
        throw fromSdkError('MailerError', 'SES SendEmail', err);
      }
    },
  };
}
