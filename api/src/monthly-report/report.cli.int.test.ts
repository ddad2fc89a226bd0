/*
 * `report monthly` end to end: the command as an operator runs it (its own process), against the dashboard
 * harness's database (generated traffic of six cities, January to March 2025), Debian's Chromium, and a real SMTP
 * server on the loopback (tests/support/smtp-server.ts). The PDF that arrives is read back with pdftotext, and its
 * numbers must equal the API's answers to Gießen's key, formatted as the dashboard formats them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../../tests/support/smtp-server.ts';
import { stageLabel } from '../../web/src/charts/funnel.chart.ts';
import { createFormat } from '../../web/src/format.ts';
import { TEXTS } from '../../web/src/i18n.ts';
import { type DashboardServer, startDashboardServer } from '../../web-test/dashboard.harness.ts';
import { REPO_ROOT } from '../config.ts';
import type { CityReport } from '../reports/city-report.ts';
import type { ComparisonReport } from '../reports/comparison.ts';
import type { FunnelReport } from '../reports/funnel.ts';

const run = promisify(execFile);
const MONTH = '2025-02';

let server: DashboardServer;
let smtp: TestSmtpServer;
let dir: string;

async function report(args: string[], env: Record<string, string> = {}) {
  return run('pnpm', ['exec', 'tsx', 'api/src/monthly-report/report.cli.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...server.env, INIT_CWD: dir, ...env },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

async function pdfText(file: string): Promise<string> {
  return (await run('pdftotext', ['-layout', file, '-'])).stdout;
}

/** Gießen's notes: two in the month (one of them not shared: the city's own report shows it), one after it. */
const NOTES = [
  { day: '2025-02-10', service: null, text: 'Pressemitteilung zur Online-Anmeldung', shared: true },
  { day: '2025-02-17', service: '99115001000000', text: 'Formular überarbeitet', shared: false },
  { day: '2025-03-03', service: null, text: 'Neue Startseite', shared: true },
];

beforeAll(async () => {
  server = await startDashboardServer(inject('clickhouseUrl'));
  for (const note of NOTES) {
    const res = await fetch(`${server.baseUrl}/v1/cities/giessen/annotations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.keys.giessen}`, 'content-type': 'application/json' },
      body: JSON.stringify(note),
    });
    expect(res.status).toBe(201);
  }
  smtp = await startSmtpServer();
  dir = await mkdtemp(path.join(tmpdir(), 'godonu-report-test-'));
});

afterAll(async () => {
  await smtp?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The lines of a pdftotext layout, each with its runs of spaces made one: what a reader sees in a row. */
function rows(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l !== '');
}

/** A row as `rows` gives it: the dashboard's formats put no-break spaces where pdftotext writes plain ones. */
const row = (text: string) => text.replace(/\s+/g, ' ');
const f = createFormat('de');
const t = TEXTS.de;

describe('report monthly', () => {
  let file: string;
  let text: string[];

  it('renders the month to a PDF, writes it and mails it to the city team through the SMTP server', async () => {
    const r = await report(['monthly', '--city', 'giessen', '--month', MONTH, '--mail'], {
      REPORT_SMTP_URL: smtp.url,
      REPORT_MAIL_FROM: 'godonu <berichte@godonu.test>',
      REPORT_MAIL_TO: 'digitalteam@giessen.test, leitung@giessen.test',
    });
    expect(r.code, r.stderr).toBe(0);
    file = path.join(dir, `godonu-monatsbericht-giessen-${MONTH}.pdf`);
    expect(r.stdout).toBe(`${file}\n`);
    expect(r.stderr).toMatch(/^report: mailed to 2 of 2 recipients \(<.+@godonu\.test>\)$/m);
    // No address of the city's staff in what the command logs.
    expect(r.stderr).not.toContain('giessen.test');

    const pdf = await readFile(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(smtp.received).toHaveLength(1);
    const { envelope, mail } = smtp.received[0] as (typeof smtp.received)[number];
    expect(envelope).toEqual({
      from: 'berichte@godonu.test',
      to: ['digitalteam@giessen.test', 'leitung@giessen.test'],
    });
    expect(mail.subject).toBe('Monatsbericht Gießen: Februar 2025');
    expect(mail.text).toContain('im Anhang finden Sie den Monatsbericht von godonu für Gießen, Februar 2025');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`godonu-monatsbericht-giessen-${MONTH}.pdf`, 'application/pdf'],
    ]);
    expect(mail.attachments[0]?.content.equals(pdf)).toBe(true);
    text = rows(await pdfText(file));
  }, 300_000);

  it('has the month’s headline numbers as the API answers them to Gießen', async () => {
    const report = await server.api<CityReport>(
      `/v1/cities/giessen/report?from=2025-02-01&to=2025-02-28&interval=day&limit=5`,
      server.keys.giessen,
    );
    const value = (m: string) => report.summary.find((s) => s.metric === m)?.value as number;
    expect(text).toContain('Monatsbericht Gießen: Februar 2025');
    expect(text).toContain(
      `${f.count(value('visitors'))} ${f.count(value('visits'))} ${f.count(value('pageviews'))}`,
    );
    expect(text).toContain(row(`${f.rate(value('bounceRate'))} ${f.seconds(value('visitDurationSec'))}`));
    expect(text.at(-1)).toMatch(/^godonu · Monatsbericht Gießen 2025-02 Seite \d+ von \d+$/);
  });

  it('lists the month’s annotations of the city’s team, numbered as the markers on its chart', () => {
    const notes = text.filter((l) => /^\d+ \d+\. Februar 2025 – /.test(l));
    expect(notes).toEqual([
      '1 10. Februar 2025 – Ganzes Portal: Pressemitteilung zur Online-Anmeldung',
      '2 17. Februar 2025 – Wohnsitz anmelden: Formular überarbeitet',
    ]);
    expect(text.join('\n')).not.toContain('Neue Startseite');
  });

  it('has each service used in the month with its funnel and key figures, exactly as the API answers them', async () => {
    const services = await server.api<{ services: { key: string; name: { de: string } }[] }>(
      '/v1/services',
      server.keys.giessen,
    );
    let used = 0;
    for (const s of services.services) {
      const funnel = await server.api<FunnelReport>(
        `/v1/cities/giessen/services/${s.key}/funnel?from=2025-02-01&to=2025-02-28&interval=week&limit=5`,
        server.keys.giessen,
      );
      if ((funnel.stages[0]?.visitors ?? 0) === 0) {
        expect(text).not.toContain(`Dienst: ${s.name.de}`);
        continue;
      }
      used += 1;
      expect(text).toContain(`Dienst: ${s.name.de}`);
      for (const stage of funnel.stages)
        expect(text).toContain(
          row(
            `${stageLabel(t, stage)} ${f.count(stage.visitors as number)} · ${f.rate(stage.shareOfViewers as number)}`,
          ),
        );
      const comparison = await server.api<ComparisonReport>(
        `/v1/services/${s.key}/comparison?period=${MONTH}`,
        server.keys.giessen,
      );
      const rate = comparison.metrics.find((m) => m.metric === 'completionRate');
      const own = comparison.cities.find((c) => c.city.own)?.metrics.completionRate;
      expect(own?.value).toBe(funnel.completionRate.value);
      // Gießen's own figure exact, the cities' median and middle half perturbed ("≈").
      const rank = `${own?.rank} von ${rate?.n}`;
      expect(text).toContain(
        row(
          `Abschlussquote ${f.rate(own?.value as number)} ≈ ${f.rate(rate?.median as number)} ≈ ${f.rate(rate?.q1 as number)} bis ${f.rate(rate?.q3 as number)} ${rank}`,
        ),
      );
    }
    expect(used).toBe(6);
  });
});

describe('report monthly refuses', () => {
  it('a month that has not ended, an unknown city and --mail without settings, before rendering anything', async () => {
    expect(await report(['monthly', '--city', 'giessen', '--month', '2099-01'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^report: 2099-01 has not ended/),
    });
    expect(await report(['monthly', '--city', 'kassel', '--month', MONTH])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^report: no city "kassel" in the sites file .*; it has offenbach, giessen/,
      ),
    });
    expect(await report(['monthly', '--city', 'giessen', '--month', MONTH, '--mail'])).toMatchObject({
      code: 2,
      stderr: 'report: --mail needs REPORT_SMTP_URL and REPORT_MAIL_FROM\n',
    });
    expect(await report(['monthly', '--city', 'giessen', '--month', '2025-2'])).toMatchObject({
      code: 2,
      stderr: 'report: --month must be a calendar month YYYY-MM or last, not "2025-2"\n',
    });
  }, 120_000);
});
