/*
 * The offline case numbers of a city (api/README.md "Offline case numbers and digital take-up"): its team or an
 * admin uploads a CSV file per import and gets the import's record back. The numbers are the denominator of digital
 * take-up.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../audit/actor.ts';
import { principalOf } from '../auth/auth.hook.ts';
import { ownCityAccess } from '../auth/roles.ts';
import { ApiError } from '../errors.ts';
import { COLUMNS, HEADER_NAMES } from '../offline-cases/offline-cases.csv.ts';
import { importOfflineCases, issueReport } from '../offline-cases/offline-cases.import.ts';
import { cityForDetail } from './access.ts';
import { cityParams } from './params.schema.ts';
import { errorBody, errorResponses } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

/** A file of the most data lines an import takes (offline-cases.csv.ts) is about 600 KB; twice that is enough. */
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

const month = z.string().describe('Calendar month, YYYY-MM');
const counts = {
  lines: z.number().int().describe('Lines (month × service) of the file'),
  added: z.number().int().describe('Lines for a month and service that had no numbers before'),
  changed: z.number().int().describe('Lines whose numbers differ from those in force before'),
  removed: z
    .number()
    .int()
    .describe('Month × service in force before, in the months of the file, that the file leaves out'),
  unchanged: z.number().int(),
};

const importRecord = z.object({
  importId: z.uuid(),
  city: z.string(),
  importedAt: z.string().describe('ISO 8601, UTC'),
  source: z.enum(['api', 'cli']).describe('CSV upload through the api, or the offline-cases import command'),
  keyId: z.string().describe('Id of the API key that uploaded; empty for the command'),
  actor: z.string().describe('Label of that key, or the --by text of the command'),
  fileSha256: z.string().describe('SHA-256 of the file as received'),
  months: z.array(month).describe('The months the import replaced'),
  ...counts,
});

const example = [
  COLUMNS.map((c) => HEADER_NAMES[c][0]).join(';'),
  '2025-02;99115001000000;412;23;0;17;5',
].join('\n');

const invalidFile = errorBody.describe(
  'The file has problems (details.issues: line, column, message for each, the first 100; details.more: how many more); nothing was imported',
);

export function offlineCasesRoutes(app: FastifyInstance, deps: RouteDeps): void {
  // CSV as text; the default text/plain parser already gives a string.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: MAX_UPLOAD_BYTES },
    (_req, body, done) => done(null, body),
  );
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/cities/:city/offline-cases',
    {
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['city'],
        summary: "Import the city's offline case numbers (CSV)",
        description: `Cases per service (LeiKa key) and month that arrived by counter (Schalter), post, phone, e-mail or other channels: the denominator of digital take-up (\`digitalTakeUp\` = online completions ÷ (online completions + offline cases)). Body: CSV (\`Content-Type: text/csv\`), header \`${COLUMNS.map((c) => HEADER_NAMES[c][0]).join(';')}\` (or the English \`${COLUMNS.join(',')}\`), separator \`;\` or \`,\` as in the header, e.g.\n\n\`\`\`\n${example}\n\`\`\`\n\nMonths that are over (\`2025-02\` or \`02.2025\`); services of the catalog; whole numbers, 0 where there were none. Every problem is reported with its line and nothing is imported (422). An import replaces the months it names: a month and service of those months that the file leaves out is removed; other months are untouched; the same file again changes nothing. Every import is recorded (who, when, what changed). For the city's own team and admins.`,
        params: cityParams,
        consumes: ['text/csv', 'text/plain'],
        body: z.string().describe('The CSV file'),
        response: {
          201: importRecord.describe('The import, as recorded'),
          422: invalidFile,
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      const { city } = cityForDetail(
        deps.sites,
        principal,
        req.params.city,
        () => deps.metrics.authRejections.inc({ status: '403' }),
        ownCityAccess,
      );
      const actor = await actorOf(principal, deps.keys);
      const outcome = await importOfflineCases(
        {
          warehouse: deps.warehouse,
          catalog: new Set(deps.sites.services.keys()),
          now: deps.now,
        },
        city,
        req.body,
        { source: 'api', keyId: actor.keyId, actor: actor.label },
      );
      if (!outcome.ok) throw new ApiError('API_OFFLINE_CASES_INVALID', issueReport(outcome.issues));
      req.log.info(
        { city: city.key, importId: outcome.record.importId, months: outcome.record.months },
        'offline cases imported',
      );
      return reply.code(201).send(outcome.record);
    },
  );
}
