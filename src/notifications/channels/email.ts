import type { NodemailerError } from 'nodemailer';
import type { Db } from '../../db/database.ts';
import { insertOutboxMail } from '../outbox.queries.ts';
import { DeliveryError } from './delivery-error.ts';
import { smtpTransport } from '../smtp.ts';

export interface OutgoingEmail {
  deliveryId: string;
  workspaceId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface EmailChannel {
  /** Email can be delivered at all: SMTP is configured, or demo mode keeps an outbox. */
  readonly available: boolean;
  send(mail: OutgoingEmail, at: Date): Promise<{ providerId: string }>;
  close(): void;
}

/**
 * SMTP through nodemailer when SMTP_URL is set; in demo mode every message is also written to
 * the outbox table (after SMTP accepted it, when SMTP is configured), so a newcomer sees what
 * would be sent. The Message-ID is derived from the delivery id, so a mail system that sees a
 * resend after a crash can recognise it.
 */
export function createEmailChannel(options: { db: Db; smtpUrl: string | undefined; mailFrom: string; demoMode: boolean }): EmailChannel {
  const transport = options.smtpUrl ? smtpTransport(options.smtpUrl) : undefined;
  return {
    available: Boolean(transport) || options.demoMode,
    async send(mail, at) {
      const messageId = `<${mail.deliveryId}@alerts.wevion>`;
      let providerId = messageId;
      if (transport) {
        try {
          const info = await transport.sendMail({ from: options.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId });
          providerId = info.messageId || messageId;
        } catch (error) {
          throw smtpFailure(error as NodemailerError);
        }
      }
      if (options.demoMode) {
        await insertOutboxMail(options.db, { ...mail, from: options.mailFrom, transport: transport ? 'smtp' : 'outbox', at });
      } else if (!transport) {
        throw new DeliveryError('email is not configured (set SMTP_URL)', true);
      }
      return { providerId };
    },
    close() {
      transport?.close();
    },
  };
}

function smtpFailure(error: NodemailerError): DeliveryError {
  // nodemailer's messages carry the server's reply, never the credentials of SMTP_URL.
  // A rejected login is the operator's to fix: keep retrying rather than give up on the message.
  const reply = error.responseCode ? ` (SMTP ${error.responseCode})` : error.code ? ` (${error.code})` : '';
  return new DeliveryError(`SMTP: ${(error.message ?? 'send failed').slice(0, 300)}${reply}`, error.permanent === true && error.code !== 'EAUTH');
}
