/** A small sites configuration for unit tests: two cities, one rule each. */
export const sitesFixture = {
  cities: [
    {
      key: 'giessen',
      name: 'Gießen',
      ags: '06531005',
      population: { inhabitants: 92000, asOf: '2024-12-31', source: 'test' },
      portalHosts: ['www.giessen.de', 'formulare.giessen.de'],
      allowedOrigins: [],
      ingestKeySha256: [],
      serviceRules: [
        { pathPattern: '^/(buergerservice|online-dienste)/hundesteuer', service: '99036010000000' },
      ],
      namedInComparisons: true,
    },
    {
      key: 'fulda',
      name: 'Fulda',
      ags: '06631009',
      population: { inhabitants: 70000, asOf: '2024-12-31', source: 'test' },
      portalHosts: ['www.fulda.de'],
      allowedOrigins: [],
      ingestKeySha256: [],
      serviceRules: [{ pathPattern: '^/online-dienste/wohnsitz', service: '99115001000000' }],
      namedInComparisons: false,
    },
  ],
  services: [],
};
