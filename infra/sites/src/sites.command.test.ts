import { describe, expect, it } from 'vitest';
import { RESTART_NOTE, runSitesCommand } from './sites.command.ts';
import { formatSitesJson } from './sites-json.ts';

const HASH_GIESSEN = '1'.repeat(64);
const HASH_FULDA = '2'.repeat(64);
const HASH_KASSEL = '3'.repeat(64);
/** A form vendor's host that Gießen lists and Kassel will list too. */
const VENDOR = 'formulare.vendor.example';

const city = (key: string, name: string, ags: string, hash: string, hosts: string[]) => ({
  key,
  name,
  ags,
  population: { inhabitants: 90000, asOf: '2024-12-31', source: 'Destatis GV-ISys' },
  portalHosts: hosts,
  allowedOrigins: hosts.map((h) => `https://${h}`),
  ingestKeySha256: [hash],
  queryAllowlist: ['lang'],
  serviceRules: [{ pathPattern: '^/hundesteuer', service: '99036010000000' }],
  namedInComparisons: true,
});

function sitesFile() {
  return {
    cities: [
      city('giessen', 'Gießen', '06531005', HASH_GIESSEN, ['www.giessen.de', VENDOR]),
      city('fulda', 'Fulda', '06631009', HASH_FULDA, ['www.fulda.de']),
    ],
    services: [
      { key: '99036010000000', name: { de: 'Hund zur Hundesteuer anmelden', en: 'Register a dog' } },
    ],
  };
}

/** The command against files in memory; `/work` is where the user typed it. */
function run(argv: string[], files: Record<string, string>, demo = false) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const code = runSitesCommand(argv, {
    config: { sitesFile: '/work/infra/config/sites.json', demo, baseDir: '/work' },
    today: '2025-06-30',
    read: (file) => {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      return text;
    },
    write: (file, text) => {
      written[file] = text;
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err, written };
}

const DEFAULT = '/work/infra/config/sites.json';
const KASSEL_FLAGS = [
  'add',
  '--key',
  'kassel',
  '--name',
  'Kassel',
  '--ags',
  '06611000',
  '--inhabitants',
  '205000',
  '--population-date',
  '2024-12-31',
  '--population-source',
  'Destatis GV-ISys, rounded',
  '--portal-host',
  'www.kassel.de',
  '--portal-host',
  VENDOR,
  '--origin',
  'https://www.kassel.de',
  '--origin',
  `https://${VENDOR}`,
  '--ingest-key-sha256',
  HASH_KASSEL,
  '--service-rule',
  '^/(buergerservice|formulare)/hundesteuer=99036010000000',
  '--named-in-comparisons',
  'yes',
];

describe('sites check', () => {
  it('accepts a file whose cities share a form host and its origin, from the default file', () => {
    const file = sitesFile();
    file.cities[1]?.portalHosts.push(VENDOR);
    file.cities[1]?.allowedOrigins.push(`https://${VENDOR}`);
    const r = run(['check'], { [DEFAULT]: JSON.stringify(file) });
    expect(r).toEqual({
      code: 0,
      out: ['infra/config/sites.json: 2 cities, 1 service, no problems'],
      err: [],
      written: {},
    });
  });

  it('names every problem on a line of its own, in file order, and fails', () => {
    const file = sitesFile() as { cities: Record<string, unknown>[]; services: unknown[] };
    Object.assign(file.cities[0] as object, {
      ags: '07611000',
      population: { inhabitants: 90000, asOf: '2024-02-30', source: 'x' },
      portalHosts: ['www.giessen.de:8443', 'WWW.giessen.de', 'www.giessen.de'],
      allowedOrigins: [
        'https://www.giessen.de/',
        'https://www.giessen.de:443',
        'https://formulare.giessen.de',
      ],
      serviceRules: [{ pathPattern: '^/ausweis', service: '99123001000000' }],
    });
    Object.assign(file.cities[1] as object, {
      ags: '07611000',
      population: { inhabitants: 70000, asOf: '2026-01-01', source: 'x' },
      ingestKeySha256: [HASH_GIESSEN],
    });
    file.cities.push({ ...city('fulda', 'Fulda', '0663100', HASH_FULDA, ['www.fulda.de']), colour: 'red' });
    file.services.push(file.services[0]);
    const r = run(['check', 'sites.json'], { '/work/sites.json': JSON.stringify(file) });
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      'sites.json: city giessen: ags: "07611000" is not in Hessen: Hessian AGS begin with 06',
      'sites.json: city giessen: population.asOf: "2024-02-30" is not a calendar day',
      'sites.json: city giessen: portalHosts: "www.giessen.de:8443" is not a bare host (no scheme, port or path; international names in punycode): write www.giessen.de',
      'sites.json: city giessen: portalHosts: "www.giessen.de" is listed twice',
      'sites.json: city giessen: allowedOrigins: "https://www.giessen.de/" is not an origin as browsers send it: write https://www.giessen.de (scheme, host and a port other than the default; no path, no trailing slash)',
      'sites.json: city giessen: allowedOrigins: "https://www.giessen.de:443" is not an origin as browsers send it: write https://www.giessen.de (scheme, host and a port other than the default; no path, no trailing slash)',
      'sites.json: city giessen: allowedOrigins: "https://www.giessen.de:443" is listed twice (as https://www.giessen.de)',
      'sites.json: city giessen: allowedOrigins: "https://formulare.giessen.de": its host formulare.giessen.de is not in portalHosts, so every page view from there would be dropped (foreign_host)',
      'sites.json: city giessen: serviceRules[0].service: 99123001000000 is not in the catalog ("services")',
      'sites.json: city fulda: ags: "07611000" is not in Hessen: Hessian AGS begin with 06',
      'sites.json: city fulda: ags: "07611000" is also the AGS of city giessen',
      'sites.json: city fulda: population.asOf: "2026-01-01" is in the future: the date the population figure refers to',
      `sites.json: city fulda: ingestKeySha256: ${HASH_GIESSEN} is also an ingest key of city giessen: each city needs its own key`,
      'sites.json: city fulda: ags: "0663100" is not an AGS: 8 digits, e.g. 06611000',
      'sites.json: city fulda: unknown field "colour"',
      'sites.json: city fulda: key: "fulda" is listed twice; each city once',
      'sites.json: service 99036010000000: key: "99036010000000" is listed twice',
      'sites.json: 17 problems',
    ]);
    expect(r.out).toEqual([]);
  });

  it('refuses demo entries unless GODONU_DEMO=1, as the services do', () => {
    const file = sitesFile();
    file.cities[0]?.portalHosts.push('localhost');
    const files = { [DEFAULT]: JSON.stringify(file) };
    expect(run(['check'], files).err).toEqual([
      'infra/config/sites.json: city giessen: portalHosts: "localhost" is a demo entry, refused outside demo mode (GODONU_DEMO=1): a loopback host, only a local demo portal is served from it; remove it',
      'infra/config/sites.json: 1 problem',
    ]);
    expect(run(['check'], files, true).code).toBe(0);
  });

  it('says when the file cannot be read or is not JSON, and when the command line is wrong', () => {
    expect(run(['check', '/etc/none.json'], {})).toMatchObject({
      code: 1,
      err: ['/etc/none.json: cannot read it: ENOENT'],
    });
    expect(run(['check'], { [DEFAULT]: '{"cities": [' })).toMatchObject({
      code: 1,
      err: [expect.stringMatching(/^infra\/config\/sites\.json: not JSON: /)],
    });
    const wrong = run(['check', 'a.json', 'b.json'], {});
    expect([wrong.code, wrong.err[0]]).toEqual([2, 'sites check: takes one file at most, not a.json b.json']);
    expect(run(['remove'], {}).err[0]).toBe('sites: unknown command "remove"');
    const file = sitesFile() as { cities: Record<string, unknown>[] };
    delete file.cities[1]?.namedInComparisons;
    expect(run(['check'], { [DEFAULT]: JSON.stringify(file) }).err).toEqual([
      'infra/config/sites.json: city fulda: namedInComparisons: is missing',
      'infra/config/sites.json: 1 problem',
    ]);
  });
});

describe('sites add', () => {
  it('adds a new city with every field, prints each, and writes the formatted file', () => {
    const before = sitesFile();
    const r = run(KASSEL_FLAGS, { [DEFAULT]: formatSitesJson(before) });
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      'infra/config/sites.json: city kassel added',
      '+ key: "kassel"',
      '+ name: "Kassel"',
      '+ ags: "06611000"',
      '+ population.inhabitants: 205000',
      '+ population.asOf: "2024-12-31"',
      '+ population.source: "Destatis GV-ISys, rounded"',
      `+ portalHosts: ["www.kassel.de", "${VENDOR}"]`,
      `+ allowedOrigins: ["https://www.kassel.de", "https://${VENDOR}"]`,
      `+ ingestKeySha256: ["${HASH_KASSEL}"]`,
      '+ queryAllowlist: []',
      '+ serviceRules: [{ "pathPattern": "^/(buergerservice|formulare)/hundesteuer", "service": "99036010000000" }]',
      '+ namedInComparisons: true',
      RESTART_NOTE,
    ]);
    const kassel = {
      key: 'kassel',
      name: 'Kassel',
      ags: '06611000',
      population: { inhabitants: 205000, asOf: '2024-12-31', source: 'Destatis GV-ISys, rounded' },
      portalHosts: ['www.kassel.de', VENDOR],
      allowedOrigins: ['https://www.kassel.de', `https://${VENDOR}`],
      ingestKeySha256: [HASH_KASSEL],
      queryAllowlist: [],
      serviceRules: [{ pathPattern: '^/(buergerservice|formulare)/hundesteuer', service: '99036010000000' }],
      namedInComparisons: true,
    };
    expect(r.written).toEqual({
      [DEFAULT]: formatSitesJson({ ...before, cities: [...before.cities, kassel] }),
    });
  });

  it('changes only the fields named, keeps the rest as written, and shows old and new values', () => {
    const files = { '/work/sites.json': formatSitesJson(sitesFile()) };
    const r = run(
      [
        'add',
        '--key',
        'fulda',
        '--file',
        'sites.json',
        '--portal-host',
        'www.fulda.de',
        '--portal-host',
        VENDOR,
      ],
      files,
    );
    expect(r.out).toEqual([
      'sites.json: city fulda changed',
      '- portalHosts: ["www.fulda.de"]',
      `+ portalHosts: ["www.fulda.de", "${VENDOR}"]`,
      RESTART_NOTE,
    ]);
    const after = sitesFile();
    after.cities[1]?.portalHosts.push(VENDOR);
    expect(r.written).toEqual({ '/work/sites.json': formatSitesJson(after) });

    const population = run(
      ['add', '--key', 'fulda', '--file', 'sites.json', '--inhabitants', '70500'],
      files,
    );
    expect(population.out.slice(0, 3)).toEqual([
      'sites.json: city fulda changed',
      '- population.inhabitants: 90000',
      '+ population.inhabitants: 70500',
    ]);
  });

  it('writes nothing when the result has a problem, naming it first', () => {
    const r = run([...KASSEL_FLAGS, '--ags', '07611000'], { [DEFAULT]: formatSitesJson(sitesFile()) });
    expect(r).toEqual({
      code: 1,
      out: [],
      err: [
        'infra/config/sites.json: city kassel: ags: "07611000" is not in Hessen: Hessian AGS begin with 06',
        'infra/config/sites.json not changed: 1 problem',
      ],
      written: {},
    });
  });

  it('names the flags a new city lacks, and refuses malformed flag values', () => {
    const files = { [DEFAULT]: formatSitesJson(sitesFile()) };
    const lacking = run(['add', '--key', 'kassel', '--name', 'Kassel', '--ags', '06611000'], files);
    expect([lacking.code, lacking.err[0], lacking.written]).toEqual([
      2,
      'sites add: kassel is a new city in infra/config/sites.json and needs --inhabitants, --population-date, --population-source, --portal-host, --named-in-comparisons, --origin or --ingest-key-sha256',
      {},
    ]);
    expect(run(['add', '--key', 'fulda', '--inhabitants', '70.000'], files).err[0]).toBe(
      'sites add: --inhabitants "70.000" is not a whole number of inhabitants, e.g. 205000',
    );
    expect(run(['add', '--key', 'fulda', '--named-in-comparisons', 'ja'], files).err[0]).toBe(
      'sites add: --named-in-comparisons is yes or no, not "ja"',
    );
    expect(run(['add', '--key', 'fulda', '--service-rule', '^/x'], files).err[0]).toBe(
      'sites add: --service-rule "^/x" is not <path pattern>=<LeiKa key>',
    );
    expect(run(['add', '--name', 'Kassel'], files).err[0]).toBe('sites add: --key <city key> is required');
    expect(run(['add', '--key', 'fulda', '--colour', 'red'], files).code).toBe(2);
  });

  it('records consent to being named in the open data, refuses it without consent to comparisons', () => {
    const files = { [DEFAULT]: formatSitesJson(sitesFile()) };
    const r = run(['add', '--key', 'fulda', '--named-in-open-data', 'yes'], files);
    expect([r.code, r.out.slice(0, 2)]).toEqual([
      0,
      ['infra/config/sites.json: city fulda changed', '+ namedInOpenData: true'],
    ]);
    const after = sitesFile();
    Object.assign(after.cities[1] as object, { namedInOpenData: true });
    expect(r.written).toEqual({ [DEFAULT]: formatSitesJson(after) });
    const refused = run(
      ['add', '--key', 'fulda', '--named-in-open-data', 'yes', '--named-in-comparisons', 'no'],
      files,
    );
    expect([refused.code, refused.err[0], refused.written]).toEqual([
      1,
      'infra/config/sites.json: city fulda: namedInOpenData: namedInOpenData needs namedInComparisons: a city named in public is named to the other cities too',
      {},
    ]);
    expect(run(['add', '--key', 'fulda', '--named-in-open-data', 'ja'], files).err[0]).toBe(
      'sites add: --named-in-open-data is yes or no, not "ja"',
    );
  });

  it('marks gateway pages and services, keeps the list not named, and checks hosts and the catalog', () => {
    const files = { [DEFAULT]: formatSitesJson(sitesFile()) };
    const r = run(
      [
        'add',
        '--key',
        'fulda',
        '--sdg-page',
        'https://www.fulda.de/rathaus?a=b=information',
        '--sdg-service',
        '99036010000000',
      ],
      files,
    );
    expect([r.code, r.err, r.out.slice(0, 3)]).toEqual([
      0,
      [],
      [
        'infra/config/sites.json: city fulda changed',
        '+ sdg.pages: [{ "url": "https://www.fulda.de/rathaus?a=b", "category": "information" }]',
        '+ sdg.services: ["99036010000000"]',
      ],
    ]);
    const after = sitesFile();
    Object.assign(after.cities[1] as object, {
      sdg: {
        pages: [{ url: 'https://www.fulda.de/rathaus?a=b', category: 'information' }],
        services: ['99036010000000'],
      },
    });
    expect(r.written).toEqual({ [DEFAULT]: formatSitesJson(after) });

    const marked = { [DEFAULT]: formatSitesJson(after) };
    const services = run(['add', '--key', 'fulda', '--sdg-service', '99036010000000'], marked);
    expect(services.out).toEqual(['infra/config/sites.json: city fulda unchanged, nothing written']);
    const foreign = run(['add', '--key', 'fulda', '--sdg-page', 'https://www.kassel.de/x=procedure'], marked);
    expect([foreign.code, foreign.err[0]]).toEqual([
      1,
      'infra/config/sites.json: city fulda: sdg.pages[0].url: "https://www.kassel.de/x": its host www.kassel.de is not in portalHosts, so the page\'s views are never counted',
    ]);
    const unknown = run(['add', '--key', 'fulda', '--sdg-service', '99999999999999'], marked);
    expect(unknown.err[0]).toBe(
      'infra/config/sites.json: city fulda: sdg.services[0]: 99999999999999 is not in the catalog ("services")',
    );
    const category = run(['add', '--key', 'fulda', '--sdg-page', 'https://www.fulda.de/x=info'], marked);
    expect(category.code).toBe(1);
    expect(run(['add', '--key', 'fulda', '--sdg-page', 'https://www.fulda.de/x'], marked).err[0]).toBe(
      'sites add: --sdg-page "https://www.fulda.de/x" is not <url>=<information|procedure|assistance>',
    );
  });

  it('says so when nothing changes, and writes nothing on a dry run', () => {
    const files = { [DEFAULT]: formatSitesJson(sitesFile()) };
    expect(run(['add', '--key', 'fulda', '--name', 'Fulda'], files)).toEqual({
      code: 0,
      out: ['infra/config/sites.json: city fulda unchanged, nothing written'],
      err: [],
      written: {},
    });
    const dry = run(['add', '--key', 'fulda', '--name', 'Stadt Fulda', '--dry-run'], files);
    expect([dry.out, dry.written]).toEqual([
      [
        'infra/config/sites.json: city fulda changed',
        '- name: "Fulda"',
        '+ name: "Stadt Fulda"',
        'dry run: nothing written',
      ],
      {},
    ]);
  });
});
