import type { SendMailOptions, SentMessageInfo, Transporter } from 'nodemailer';

export interface SmtpTransport {
  sendMail(mail: SendMailOptions): Promise<SentMessageInfo>;
  close(): void;
}

/**
 * An SMTP transport for SMTP_URL, created at the first message: nodemailer (forty modules) is
 * loaded only by a process that sends mail, not by every start (issue 18).
 */
export function smtpTransport(url: string): SmtpTransport {
  let transport: Promise<Transporter> | undefined;
  let created: Transporter | undefined;
  const get = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) => {
      created = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
      return created;
    }));
  return {
    sendMail: async (mail) => (await get()).sendMail(mail),
    close: () => created?.close(),
  };
}
