import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType?: string }[];
}

/** Sends e-mail; the one way Rackdesk talks to mailboxes. */
export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
}

/** A mailer over SMTP (nodemailer). */
export function smtpMailer(s: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: s.host, port: s.port, secure: s.secure,
    ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
    // Local relays often have self-signed certificates; STARTTLS is still attempted when offered.
    tls: { rejectUnauthorized: false },
  });
  return {
    async send(m) {
      const info = await transport.sendMail({ from: s.from, to: m.to, subject: m.subject, text: m.text, html: m.html, attachments: m.attachments });
      return { messageId: info.messageId };
    },
  };
}
