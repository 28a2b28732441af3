import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { smtpMailer, type Mailer } from '../../src/app/mail/mailer.ts';

/** A real SMTP server on 127.0.0.1 that keeps what it receives, plus a mailer pointed at it. */
export async function startTestSmtp(): Promise<{ port: number; received: ParsedMail[]; mailer: Mailer; close(): Promise<void> }> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then((m) => { received.push(m); done(); }, done);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  const mailer = smtpMailer({ host: '127.0.0.1', port, secure: false, user: null, password: null, from: 'Rackdesk <desk@rackdesk.test>' });
  return { port, received, mailer, close: () => new Promise<void>((r) => server.close(() => r())) };
}
