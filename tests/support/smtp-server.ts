/*
 * A real SMTP server on the loopback for the tests that send mail (the `smtp-server` package, the server side of
 * nodemailer's project): it requires a login, as a deployment's relay does, and keeps every message it accepts,
 * parsed by mailparser. Plain SMTP without STARTTLS: the loopback, where the report command allows it.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export const SMTP_USER = 'report-sender';
export const SMTP_PASSWORD = 'loopback relay password';

export interface ReceivedMail {
  /** The SMTP envelope: who the message was handed to, whatever its headers say. */
  envelope: { from: string; to: string[] };
  mail: ParsedMail;
}

export interface TestSmtpServer {
  /** `smtp://user:password@127.0.0.1:<port>` */
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) done(null, { user: auth.username });
      else done(new Error('invalid login'));
    },
    onData(stream, session, done) {
      simpleParser(stream).then(
        (mail) => {
          const envelope = session.envelope;
          received.push({
            envelope: {
              from: envelope.mailFrom ? envelope.mailFrom.address : '',
              to: envelope.rcptTo.map((r) => r.address),
            },
            mail,
          });
          done();
        },
        (err: Error) => done(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
