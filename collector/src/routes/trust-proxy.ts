import { BlockList } from 'node:net';

/** Where load balancers and reverse proxies sit, and where no internet client connects from. */
const PROXY_NETWORKS = new BlockList();
PROXY_NETWORKS.addSubnet('127.0.0.0', 8, 'ipv4');
PROXY_NETWORKS.addSubnet('10.0.0.0', 8, 'ipv4');
PROXY_NETWORKS.addSubnet('172.16.0.0', 12, 'ipv4');
PROXY_NETWORKS.addSubnet('192.168.0.0', 16, 'ipv4');
PROXY_NETWORKS.addSubnet('169.254.0.0', 16, 'ipv4');
PROXY_NETWORKS.addAddress('::1', 'ipv6');
PROXY_NETWORKS.addSubnet('fc00::', 7, 'ipv6');
PROXY_NETWORKS.addSubnet('fe80::', 10, 'ipv6');

const family = (address: string): 'ipv4' | 'ipv6' => (address.includes(':') ? 'ipv6' : 'ipv4');

/**
 * `COLLECTOR_TRUST_PROXY` as Fastify's `trustProxy`. Addresses/CIDRs go to proxy-addr unchanged. A hop count
 * cannot go as a number: Fastify trusts nobody then, because a hop count alone would believe the
 * `X-Forwarded-For` of a client that reaches the collector directly. So `n` trusts the `n` nearest hops only when
 * the immediate peer is on a loopback or private network (RFC 1918, link-local, IPv6 ULA); a proxy with a public
 * address must be named by its address instead. IPv4-mapped IPv6 peers match their IPv4 networks.
 */
export function fastifyTrustProxy(
  value: false | number | string[],
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value !== 'number') return value;
  return (address, hop) => hop < value && (hop > 0 || PROXY_NETWORKS.check(address, family(address)));
}
