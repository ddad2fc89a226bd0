import { isIPv4, isIPv6 } from 'node:net';

const MAPPED_V4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * One canonical text per address, so that the browser route (socket address) and the server route (a field)
 * hash the same client alike: lowercase compressed IPv6, IPv4-mapped IPv6 as dotted IPv4.
 * Returns undefined for anything that is not an IP address.
 */
export function normalizeIp(raw: string): string | undefined {
  if (isIPv4(raw)) return raw;
  if (!isIPv6(raw)) return undefined;
  // The WHATWG URL parser prints IPv6 in its RFC 5952 canonical form (and mapped IPv4 as two hex groups).
  const canonical = new URL(`http://[${raw.replace(/%.*$/, '')}]/`).hostname.slice(1, -1);
  const mapped = MAPPED_V4.exec(canonical);
  if (!mapped) return canonical;
  const hi = Number.parseInt(mapped[1] as string, 16);
  const lo = Number.parseInt(mapped[2] as string, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}
