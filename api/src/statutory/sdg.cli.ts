/*
 * Sends a city's EU Single Digital Gateway statistics and feedback of one month to the Commission's API
 * (api/README.md "Statutory statistics"):
 *   SDG_API_URL=https://… SDG_API_KEY=… pnpm --filter @godonu/api sdg send --city giessen --month 2026-11 \
 *     [--dataset statistics|feedback] [--by "Digitalteam Gießen"]
 * The month must have ended. Sending a month again sends a correction under the same identifier. Every attempt is
 * recorded in ClickHouse (GET /v1/cities/{city}/sdg/transmissions). One line per dataset on stdout; exit 0 when every
 * dataset was accepted, 1 when the API sent an alert or did not answer, 2 for a refusal (usage, unknown city, a
 * month that has not ended, a city without gateway pages).
 */
import { parseArgs } from 'node:util';
import { Refusal, runCommand } from '../command.ts';
import { loadSdgConfig } from '../config.ts';
import { loadSites } from '../sites.ts';
import { clickhouseWarehouse } from '../warehouse.ts';
import { reportMonth } from './report-month.ts';
import { sdgApi } from './sdg-api.ts';
import { SDG_DATASETS, type SdgDataset } from './sdg-datasets.ts';
import { sendSdg } from './sdg-send.ts';

const USAGE = `usage:
  sdg send --city <city key> --month YYYY-MM [--dataset statistics|feedback] [--by <who sends>]`;
const COMMAND_ACTOR = 'sdg command';

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      city: { type: 'string' },
      month: { type: 'string' },
      dataset: { type: 'string' },
      by: { type: 'string' },
    },
  });
  if (positionals.length !== 1 || positionals[0] !== 'send') throw new Refusal(USAGE);
  if (values.city === undefined || values.month === undefined)
    throw new Refusal(`--city and --month are required\n${USAGE}`);
  if (!/^20\d\d-(0[1-9]|1[0-2])$/.test(values.month))
    throw new Refusal(`--month must be a calendar month YYYY-MM, not "${values.month}"`);
  const datasets: readonly SdgDataset[] =
    values.dataset === undefined ? SDG_DATASETS : SDG_DATASETS.filter((d) => d === values.dataset);
  if (datasets.length === 0) throw new Refusal(`--dataset must be statistics or feedback\n${USAGE}`);
  const config = loadSdgConfig();
  const sites = loadSites(config.GODONU_SITES_FILE);
  const city = sites.cities.get(values.city);
  if (!city)
    throw new Refusal(
      `no city "${values.city}" in the sites file ${config.GODONU_SITES_FILE}; it has ${[...sites.cities.keys()].join(', ')}`,
    );
  if (!city.sdg || (city.sdg.pages.length === 0 && city.sdg.services.length === 0))
    throw new Refusal(`${city.key} marks no gateway pages or services (sites file: "sdg")`);
  const now = new Date();
  const month = reportMonth(values.month, now);
  if (!month.closed)
    throw new Refusal(`${month.label} has not ended (or its last events are still being stored)`);

  const warehouse = clickhouseWarehouse({ url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE });
  try {
    const sent = await sendSdg(
      { warehouse, api: sdgApi(config.SDG_API_URL, config.SDG_API_KEY), now: () => new Date() },
      city,
      month,
      { datasets, actor: values.by ?? COMMAND_ACTOR },
    );
    for (const s of sent) {
      const what = `${city.key} ${month.label} ${s.dataset} (${s.entries} entries)${s.correction ? ', a correction,' : ''}`;
      process.stdout.write(
        s.status === 'accepted'
          ? `${what} accepted under ${s.uniqueId}\n`
          : `${what} ${s.status === 'alert' ? `refused (HTTP ${s.httpStatus})` : 'not delivered'}: ${s.message}\n`,
      );
    }
    if (sent.some((s) => s.status !== 'accepted')) process.exitCode = 1;
  } finally {
    await warehouse.close();
  }
}

await runCommand('sdg', () => main(process.argv.slice(2)));
