import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../local/src/local.config.ts';
import { formatSitesJson } from './sites-json.ts';

describe('sites file formatting', () => {
  it("writes the repository's sites file exactly as it is", () => {
    const text = readFileSync(path.join(REPO_ROOT, 'infra/config/sites.json'), 'utf8');
    expect(formatSitesJson(JSON.parse(text))).toBe(text);
  });

  it('keeps an array of values on one line up to 110 characters with its comma, else one value per line', () => {
    const fits = 'x'.repeat(110 - '  "a": [""],'.length);
    expect(formatSitesJson({ a: [fits], b: [`${fits}y`], c: [], d: {}, e: [{ f: 1 }] })).toBe(
      [
        '{',
        `  "a": ["${fits}"],`,
        '  "b": [',
        `    "${fits}y"`,
        '  ],',
        '  "c": [],',
        '  "d": {},',
        '  "e": [',
        '    {',
        '      "f": 1',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });
});
