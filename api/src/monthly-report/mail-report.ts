/*
 * Sends the monthly report's PDF through the deployment's SMTP server (nodemailer). On `smtp://` the connection
 * must switch to TLS (STARTTLS) before any login or content, unless the server is on the loopback (a local relay
 * that forwards securely). The recipients are city staff: their addresses are not logged.
 */
import nodemailer from 'nodemailer';

export interface MailSettings {
  smtpUrl: string;
  from: string;
  to: readonly string[];
}

export interface ReportMail {
  subject: string;
  text: string;
  fileName: string;
  pdf: Buffer;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

export async function mailReport(
  settings: MailSettings,
  mail: ReportMail,
): Promise<{ messageId: string; accepted: number }> {
  const url = new URL(settings.smtpUrl);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    requireTLS: !secure && !LOOPBACK.test(url.hostname),
    ...(url.username === ''
      ? {}
      : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
  });
  try {
    const info = await transport.sendMail({
      from: settings.from,
      to: [...settings.to],
      subject: mail.subject,
      text: mail.text,
      attachments: [{ filename: mail.fileName, content: mail.pdf, contentType: 'application/pdf' }],
    });
    return { messageId: info.messageId, accepted: info.accepted.length };
  } finally {
    transport.close();
  }
}
