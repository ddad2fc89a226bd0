/** A form vendor's host that both cities list, as a vendor serving several municipalities from one host is. */
export const SHARED_FORM_HOST = 'formulare.vendor.example';

/** A small sites configuration for unit tests: two cities, one rule each, one portal host shared. */
export const sitesFixture = {
  cities: [
    {
      key: 'giessen',
      name: 'Gießen',
      ags: '06531005',
      population: { inhabitants: 92000, asOf: '2024-12-31', source: 'test' },
      portalHosts: ['www.giessen.de', 'formulare.giessen.de', SHARED_FORM_HOST],
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
      portalHosts: ['www.fulda.de', SHARED_FORM_HOST],
      allowedOrigins: [],
      ingestKeySha256: [],
      serviceRules: [{ pathPattern: '^/online-dienste/wohnsitz', service: '99115001000000' }],
      namedInComparisons: false,
    },
  ],
  services: [],
};
