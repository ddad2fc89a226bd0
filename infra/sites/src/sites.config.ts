import path from 'node:path';
import { godonuDemo } from '@godonu/contract';
import { z } from 'zod';
import { REPO_ROOT } from '../../local/src/local.config.ts';

const schema = z.object({
  /** The file the services read; the commands default to it, so that they check what the services will use. */
  GODONU_SITES_FILE: z.string().min(1).optional(),
  GODONU_DEMO: godonuDemo,
  /**
   * The directory the user typed the command in: pnpm runs a package's script in the package's directory
   * (infra/) and names the original one here, against which relative paths on the command line are meant.
   */
  INIT_CWD: z.string().min(1).optional(),
});

export interface SitesCommandConfig {
  /** Absolute path of the default sites file. */
  readonly sitesFile: string;
  readonly demo: boolean;
  /** Where relative paths are resolved, and shown from. */
  readonly baseDir: string;
}

export function loadSitesCommandConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): SitesCommandConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid environment:\n${z.prettifyError(parsed.error)}`);
  const baseDir = parsed.data.INIT_CWD ?? cwd;
  return Object.freeze({
    sitesFile: path.resolve(
      baseDir,
      parsed.data.GODONU_SITES_FILE ?? path.join(REPO_ROOT, 'infra/config/sites.json'),
    ),
    demo: parsed.data.GODONU_DEMO,
    baseDir,
  });
}
