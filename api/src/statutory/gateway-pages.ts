/*
 * Which of a city's stored pages are gateway pages (sites configuration `sdg`), and under which URL and category
 * they are reported. A page listed by URL is matched by its path template (what the warehouse stores: no host, no
 * query); a gateway service makes each of its pages a procedure page, reported under the city's first portal host.
 * A listed page wins over its service.
 */
import { type CityConfig, type SdgCategory, templatePath } from '@godonu/contract';

export interface GatewayPage {
  url: string;
  category: SdgCategory;
}

export interface GatewayPages {
  /** Path templates of the pages listed by URL. */
  readonly paths: readonly string[];
  /** LeiKa keys of the gateway services. */
  readonly services: readonly string[];
  /** The gateway page a stored (path, service) belongs to, or null. */
  pageOf(path: string, service: string): GatewayPage | null;
}

export function gatewayPages(city: CityConfig): GatewayPages {
  const listed = new Map<string, GatewayPage>();
  for (const page of city.sdg?.pages ?? []) {
    const u = new URL(page.url);
    const path = templatePath(u.pathname);
    if (!listed.has(path))
      listed.set(path, { url: `${u.origin}${path === '/' ? '/' : path}`, category: page.category });
  }
  const services = new Set(city.sdg?.services ?? []);
  const origin = `https://${city.portalHosts[0]}`;
  return {
    paths: [...listed.keys()],
    services: [...services],
    pageOf(path, service) {
      const page = listed.get(path);
      if (page) return page;
      return services.has(service) ? { url: `${origin}${path}`, category: 'procedure' } : null;
    },
  };
}
