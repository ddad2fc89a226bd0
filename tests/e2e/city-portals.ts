/*
 * The demo portal (infra/demo) for three cities at once, each on its own port and under its own host name
 * (`<city>.localhost`, which Chromium resolves to the loopback address): page URLs then carry a city's host, not
 * an IP address, as on a real portal, and the privacy scan can demand that no IP address is stored anywhere.
 */
import type { Server } from 'node:http';
import type { SitesConfig } from '@godonu/contract';
import { freePort } from '@godonu/infra';
import { createPortalServer, GIESSEN, type PortalCity } from '@godonu/infra/demo';

export const PORTAL_CITIES = {
  giessen: GIESSEN,
  marburg: { key: 'marburg', name: 'Universitätsstadt Marburg', place: 'Marburg', badge: 'MR' },
  fulda: { key: 'fulda', name: 'Stadt Fulda', place: 'Fulda', badge: 'FD' },
} as const satisfies Record<string, PortalCity>;
export type PortalCityKey = keyof typeof PORTAL_CITIES;
export const PORTAL_CITY_KEYS = Object.keys(PORTAL_CITIES) as PortalCityKey[];

/**
 * The script's timer (`data-flush`), shortened as tests do: journeys wait on each page until its view was sent
 * (see journeys.ts), which at the default of 2 s would add seconds per page.
 */
export const SDK_FLUSH_MS = 100;

/** Where the confirmation page's "Serviceportal Hessen" link leads: another site, without the script. */
export const EXTERN_HOST = 'serviceportal.localhost';

export interface CityPortal {
  city: PortalCity;
  host: string;
  /** `http://<city>.localhost:<port>` */
  origin: string;
  server: Server;
}

export interface CityPortals {
  portals: Record<PortalCityKey, CityPortal>;
  close(): Promise<void>;
}

export interface PortalPorts {
  ports: Record<PortalCityKey, number>;
  /** Lets the collector accept the portals' origins and the processor count their hosts as the cities'. */
  configure(sites: SitesConfig): void;
}

/** Ports are reserved first, so that the site configuration can name the origins before the collector starts. */
export async function reservePortals(): Promise<PortalPorts> {
  const ports = {} as Record<PortalCityKey, number>;
  for (const key of PORTAL_CITY_KEYS) ports[key] = await freePort();
  return {
    ports,
    configure(sites) {
      for (const key of PORTAL_CITY_KEYS) {
        const city = sites.cities.find((c) => c.key === key);
        if (!city) throw new Error(`sites.json has no city ${key}`);
        city.portalHosts.push(`${key}.localhost`);
        city.allowedOrigins.push(`http://${key}.localhost:${ports[key]}`);
      }
    },
  };
}

export async function startPortals(
  ports: Record<PortalCityKey, number>,
  collectorOrigin: string,
): Promise<CityPortals> {
  const portals = {} as Record<PortalCityKey, CityPortal>;
  const externOrigin = `http://${EXTERN_HOST}:${ports.giessen}`;
  for (const key of PORTAL_CITY_KEYS) {
    const city = PORTAL_CITIES[key];
    const server = createPortalServer({
      collectorOrigin,
      site: key,
      city,
      externOrigin,
      flushMs: SDK_FLUSH_MS,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[key], '127.0.0.1', resolve);
    });
    const host = `${key}.localhost`;
    portals[key] = { city, host, origin: `http://${host}:${ports[key]}`, server };
  }
  return {
    portals,
    close: async () => {
      for (const p of Object.values(portals)) {
        p.server.closeAllConnections();
        await new Promise<void>((resolve) => p.server.close(() => resolve()));
      }
    },
  };
}
