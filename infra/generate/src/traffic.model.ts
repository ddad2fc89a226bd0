/*
 * What the generated traffic looks like. Demand scales with population; each city runs its own form for each
 * service, so step counts, drop-off, error-prone fields, duration and ratings differ by city (drawn once per city
 * and service from the seed). Numbers are plausible orders of magnitude for German municipal portals, not data.
 */
import type { CityConfig, SitesConfig } from '@godonu/contract';
import { Random } from './random.ts';

/** Visits per inhabitant per day at scale 1: with six cities (~0.46 M inhabitants) about 9 M events in 30 days. */
export const VISITS_PER_INHABITANT_PER_DAY = 0.1;
/** Share of visits that go for an online service rather than news, opening hours, and the like. */
export const SERVICE_VISIT_SHARE = 0.35;

export interface ServiceModel {
  key: string;
  /** URL slug used when the city has no URL rule for the service (the page then carries the key itself). */
  slug: string;
  /** Relative demand among service visits. */
  weight: number;
  steps: { name: string; fields: string[] }[];
}

/** Forms by catalog key; a service missing here is modelled with a generic two-step form. */
const SERVICE_MODELS: Record<string, Omit<ServiceModel, 'key'>> = {
  '99115001000000': {
    slug: 'wohnsitz',
    weight: 30,
    steps: [
      { name: 'person', fields: ['nachname', 'vorname', 'geburtsdatum'] },
      { name: 'neue-wohnung', fields: ['strasse', 'hausnummer', 'plz', 'einzugsdatum'] },
      { name: 'wohnungsgeber', fields: ['wohnungsgeber_name', 'wohnungsgeber_bestaetigung'] },
      { name: 'nachweis', fields: ['ausweisnummer', 'upload'] },
    ],
  },
  '99036010000000': {
    slug: 'hundesteuer',
    weight: 10,
    steps: [
      { name: 'halter', fields: ['nachname', 'strasse', 'iban'] },
      { name: 'hund', fields: ['rasse', 'wurfdatum', 'chipnummer'] },
      { name: 'pruefen', fields: ['einwilligung'] },
    ],
  },
  '99107003000000': {
    slug: 'bewohnerpark',
    weight: 10,
    steps: [
      { name: 'antragsteller', fields: ['nachname', 'adresse'] },
      { name: 'fahrzeug', fields: ['kennzeichen', 'fahrzeugschein_upload'] },
      { name: 'zahlung', fields: ['iban', 'zahlungsart'] },
    ],
  },
  '99123001000000': {
    slug: 'personalausweis',
    weight: 22,
    steps: [
      { name: 'termin', fields: ['standort', 'termin'] },
      { name: 'angaben', fields: ['nachname', 'geburtsort', 'groesse', 'augenfarbe'] },
    ],
  },
  '99050012000000': {
    slug: 'gewerbe',
    weight: 10,
    steps: [
      { name: 'betrieb', fields: ['firmenname', 'rechtsform', 'beginn'] },
      { name: 'taetigkeit', fields: ['taetigkeit', 'wz_code'] },
      { name: 'inhaber', fields: ['nachname', 'steuernummer'] },
      { name: 'zahlung', fields: ['iban'] },
      { name: 'pruefen', fields: ['einwilligung'] },
    ],
  },
  '99124001000000': {
    slug: 'sperrmuell',
    weight: 18,
    steps: [
      { name: 'adresse', fields: ['strasse', 'hausnummer'] },
      { name: 'gegenstaende', fields: ['menge', 'art'] },
    ],
  },
};

export function serviceModels(config: SitesConfig): ServiceModel[] {
  return config.services.map((s) => {
    const m = SERVICE_MODELS[s.key] ?? {
      slug: `service-${s.key}`,
      weight: 5,
      steps: [
        { name: 'angaben', fields: ['nachname'] },
        { name: 'pruefen', fields: ['einwilligung'] },
      ],
    };
    return { key: s.key, ...m };
  });
}

/** One city's form for one service: how visitors move through it. */
export interface CityServiceModel {
  service: ServiceModel;
  /** False when the city does not offer the service online (no traffic at all). */
  offered: boolean;
  path: string;
  /** Whether the page declares the service itself (no URL rule in the city's configuration). */
  declaresService: boolean;
  startRate: number;
  /** Probability of reaching step i+1 from step i (index 0: step 1 from the start). */
  stepPass: number[];
  submitRate: number;
  confirmRate: number;
  /** Per field, the chance of a validation error when its step is filled in. */
  fieldError: Map<string, number>;
  /** Median seconds spent on each step. */
  stepSeconds: number[];
  /** Mean rating (1-5) given by those who completed. */
  ratingMean: number;
}

export interface CityModel {
  city: CityConfig;
  visitsPerDay: number;
  services: CityServiceModel[];
  pages: string[];
}

const CONTENT_PAGES = [
  '/',
  '/rathaus',
  '/rathaus/oeffnungszeiten',
  '/buergerservice',
  '/aktuelles',
  '/aktuelles/:num',
  '/veranstaltungen',
  '/kontakt',
  '/stadtplan',
  '/abfallkalender',
];

/** The path of a service page: one the city's URL rules map to the service, or a slug page that declares it. */
function servicePath(city: CityConfig, service: ServiceModel): { path: string; declaresService: boolean } {
  const candidates = [`/online-dienste/${service.slug}`, `/buergerservice/${service.slug}`];
  for (const path of candidates) {
    if (city.serviceRules.some((r) => r.service === service.key && new RegExp(r.pathPattern).test(path))) {
      return { path, declaresService: false };
    }
  }
  return { path: `/online-dienste/${service.slug}`, declaresService: true };
}

export function cityModels(config: SitesConfig, seed: string, scale: number): CityModel[] {
  const services = serviceModels(config);
  return config.cities.map((city) => {
    const r = new Random(`${seed}:model:${city.key}`);
    return {
      city,
      visitsPerDay: city.population.inhabitants * VISITS_PER_INHABITANT_PER_DAY * scale,
      pages: CONTENT_PAGES,
      services: services.map((service, i) => {
        const quality = 0.75 + 0.5 * r.next(); // this city's form: below 1 worse, above 1 better than typical
        const hardField = r.pick(service.steps.flatMap((s) => s.fields));
        const fieldError = new Map<string, number>();
        for (const step of service.steps)
          for (const f of step.fields)
            fieldError.set(f, f === hardField ? 0.18 / quality : 0.02 + 0.03 * r.next());
        return {
          service,
          // Every city offers the first services; the later ones are missing in some cities.
          offered: i < 4 || r.chance(0.7),
          ...servicePath(city, service),
          startRate: Math.min(0.9, 0.45 * quality + 0.1 * r.next()),
          stepPass: service.steps.map((_, s) =>
            Math.min(0.98, (s === 0 ? 0.95 : 0.8 + 0.08 * r.next()) * Math.sqrt(quality)),
          ),
          submitRate: Math.min(0.99, 0.85 * Math.sqrt(quality)),
          confirmRate: 0.95 + 0.04 * r.next(),
          fieldError,
          stepSeconds: service.steps.map(() => r.logNormal(50, 0.3) / quality),
          ratingMean: Math.min(4.8, 3.2 + 1.1 * (quality - 0.75) * 2 + 0.3 * r.next()),
        };
      }),
    };
  });
}

/** Share of a day's visits in each hour (local time): low at night, peaks mid-morning and early evening. */
export const HOUR_WEIGHTS = [
  0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 4, 5, 5.2, 5, 4.2, 4.4, 4.6, 4.3, 4, 3.8, 4, 4.3, 4, 3, 1.8, 0.8,
];
/** Weekends see fewer visits to administration portals. */
export const WEEKDAY_FACTOR = [0.55, 1.05, 1, 1, 1, 0.9, 0.5]; // Sunday first, as Date.getUTCDay()
