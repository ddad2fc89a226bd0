/*
 * The monthly report of one city (api/README.md "Monthly report"):
 *   pnpm --filter @godonu/api report monthly --city giessen --month 2026-11|last [--out <file.pdf>] [--mail [--to a@x,…]]
 * Renders the dashboard's print view of the month to a German PDF (render-pdf.ts), writes it to --out (default
 * godonu-monatsbericht-<city>-<month>.pdf in the current directory) and, with --mail, sends it through
 * REPORT_SMTP_URL to --to or REPORT_MAIL_TO. Only months that have ended. Progress on stderr, the file's path on
 * stdout; exit 0 on success, 2 for a refusal (usage, unknown city, a month not ended, no mail settings), 1 otherwise.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { Refusal, runCommand } from '../command.ts';
import { loadReportConfig, mailRecipients, type ReportConfig } from '../config.ts';
import { latestClosed } from '../disclosure/published-period.ts';
import { monthName } from '../open-data/release-document.ts';
import { loadSites } from '../sites.ts';
import { reportMonth } from '../statutory/report-month.ts';
import { clickhouseWarehouse } from '../warehouse.ts';
import { type MailSettings, mailReport } from './mail-report.ts';
import { renderMonthlyPdf } from './render-pdf.ts';

const USAGE = `usage:
  report monthly --city <city key> --month YYYY-MM|last [--out <file.pdf>] [--mail [--to <address>,…]]`;

const say = (line: string) => process.stderr.write(`report: ${line}\n`);

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      city: { type: 'string' },
      month: { type: 'string' },
      out: { type: 'string' },
      mail: { type: 'boolean', default: false },
      to: { type: 'string' },
    },
  });
  if (positionals.length !== 1 || positionals[0] !== 'monthly') throw new Refusal(USAGE);
  if (values.city === undefined || values.month === undefined)
    throw new Refusal(`--city and --month are required\n${USAGE}`);
  // `last`: the last month that has ended, for a schedule that runs on the first days of every month.
  const label = values.month === 'last' ? latestClosed(new Date()).month : values.month;
  if (!/^20\d\d-(0[1-9]|1[0-2])$/.test(label))
    throw new Refusal(`--month must be a calendar month YYYY-MM or last, not "${values.month}"`);
  if (values.to !== undefined && !values.mail) throw new Refusal(`--to goes with --mail\n${USAGE}`);
  const config = loadReportConfig();
  const sites = loadSites(config.api.GODONU_SITES_FILE);
  const city = sites.cities.get(values.city);
  if (!city)
    throw new Refusal(
      `no city "${values.city}" in the sites file ${config.api.GODONU_SITES_FILE}; it has ${[...sites.cities.keys()].join(', ')}`,
    );
  const month = reportMonth(label, new Date());
  if (!month.closed)
    throw new Refusal(`${month.label} has not ended (or its last events are still being stored)`);
  const mail = values.mail ? mailSettings(config, values.to) : null;
  const file = path.resolve(
    process.env.INIT_CWD ?? process.cwd(),
    values.out ?? `godonu-monatsbericht-${city.key}-${month.label}.pdf`,
  );

  const logger = pino({ level: 'warn', base: { service: 'report' } }, pino.destination(2));
  const warehouse = clickhouseWarehouse({
    url: config.api.CLICKHOUSE_URL,
    database: config.api.CLICKHOUSE_DATABASE,
  });
  try {
    say(`rendering ${city.key} ${month.label} with ${config.REPORT_CHROMIUM_PATH}`);
    const pdf = await renderMonthlyPdf(
      { config: config.api, sites, warehouse, logger, chromiumPath: config.REPORT_CHROMIUM_PATH },
      city,
      month,
    );
    await writeFile(file, pdf);
    say(`${pdf.length} bytes written`);
    process.stdout.write(`${file}\n`);
    if (mail) {
      const name = monthName(month.label);
      const sent = await mailReport(mail, {
        subject: `Monatsbericht ${city.name}: ${name}`,
        text: `Guten Tag,\n\nim Anhang finden Sie den Monatsbericht von godonu für ${city.name}, ${name}: die Nutzung des Portals und der Online-Dienste, den Vergleich mit den anderen Städten und die Anmerkungen Ihres Teams.\n\nDiese Nachricht wurde automatisch erstellt.\n`,
        fileName: path.basename(file),
        pdf,
      });
      say(`mailed to ${sent.accepted} of ${mail.to.length} recipients (${sent.messageId})`);
      if (sent.accepted !== mail.to.length) process.exitCode = 1;
    }
  } finally {
    await warehouse.close();
  }
}

function mailSettings(config: ReportConfig, to: string | undefined): MailSettings {
  if (!config.REPORT_SMTP_URL || !config.REPORT_MAIL_FROM)
    throw new Refusal('--mail needs REPORT_SMTP_URL and REPORT_MAIL_FROM');
  let recipients = config.REPORT_MAIL_TO;
  if (to !== undefined) {
    const parsed = mailRecipients.safeParse(to);
    if (!parsed.success) throw new Refusal(`--to must be e-mail addresses separated by commas, not "${to}"`);
    recipients = parsed.data;
  }
  if (!recipients) throw new Refusal('--mail needs recipients: --to or REPORT_MAIL_TO');
  return { smtpUrl: config.REPORT_SMTP_URL, from: config.REPORT_MAIL_FROM, to: recipients };
}

await runCommand('report', () => main(process.argv.slice(2)));
