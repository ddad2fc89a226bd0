import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../local/src/local.config.ts';
import { loadSitesCommandConfig } from './sites.config.ts';

describe('sites command configuration', () => {
  it("defaults to the repository's file, outside demo mode, from the current directory", () => {
    expect(loadSitesCommandConfig({}, '/work/infra')).toEqual({
      sitesFile: path.join(REPO_ROOT, 'infra/config/sites.json'),
      demo: false,
      baseDir: '/work/infra',
    });
  });

  it('takes a relative GODONU_SITES_FILE from where pnpm was invoked (INIT_CWD), not from the package', () => {
    expect(
      loadSitesCommandConfig(
        { GODONU_SITES_FILE: 'infra/compose/sites.json', GODONU_DEMO: '1', INIT_CWD: '/srv/godonu' },
        '/srv/godonu/infra',
      ),
    ).toEqual({ sitesFile: '/srv/godonu/infra/compose/sites.json', demo: true, baseDir: '/srv/godonu' });
  });

  it('names a wrong GODONU_DEMO', () => {
    expect(() => loadSitesCommandConfig({ GODONU_DEMO: 'yes' })).toThrow(
      'invalid environment:\n✖ GODONU_DEMO is 1 (demo mode) or 0 (the default: demo entries are refused)\n  → at GODONU_DEMO',
    );
  });
});
