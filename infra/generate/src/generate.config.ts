import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clickhouseConnection, reportTimeZone } from '@godonu/contract';
import { z } from 'zod';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const schema = z
  .object({
    /** The warehouse the rows go to, as the services name it. */
    ...clickhouseConnection,
    /** Cities and services; a relative path counts from where the command was run (INIT_CWD under pnpm). */
    GODONU_SITES_FILE: z.string().min(1).optional(),
    INIT_CWD: z.string().min(1).optional(),
    /** The zone the processor computes report days in: the generated rows' days are computed in it too. */
    REPORT_TIME_ZONE: reportTimeZone,
    /** Raw retention of the migrations that `--migrate` applies. */
    RAW_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  })
  .transform(({ INIT_CWD, GODONU_SITES_FILE, ...c }) => ({
    ...c,
    GODONU_SITES_FILE: path.resolve(
      INIT_CWD ?? process.cwd(),
      GODONU_SITES_FILE ?? path.join(REPO_ROOT, 'infra/config/sites.json'),
    ),
  }));

export type GenerateConfig = Readonly<z.infer<typeof schema>>;

export function loadGenerateConfig(env: NodeJS.ProcessEnv = process.env): GenerateConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid generator configuration:\n${z.prettifyError(parsed.error)}`);
  return Object.freeze(parsed.data);
}
