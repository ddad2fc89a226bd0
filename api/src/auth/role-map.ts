/*
 * Who a person signed in through the identity provider is to godonu: the provider states groups (or roles) in a
 * claim, the configuration says which group gives which role. A person with several mapped groups gets the widest
 * role (admin, then consortium, then a city); one whose groups name two different cities is refused, since a
 * dashboard session speaks for one city. Nobody gets a role by default.
 */
import { siteKey } from '@godonu/contract';
import { ROLES, type Role } from './roles.ts';

export interface RoleRule {
  group: string;
  role: Role;
  /** The city of the city role, null otherwise. */
  city: string | null;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Where the provider sends people after signing out: the dashboard. */
  afterSignOut: string;
  scopes: string;
  rolesClaim: string;
  roleMap: readonly RoleRule[];
  sessionMs: number;
}

/**
 * `group=admin,group=consortium,group=city:<city key>`; groups may hold anything but `,` (Keycloak's group paths
 * hold `/`), the last `=` separates the role. The error text names the entry, for the configuration's message.
 */
export function parseRoleMap(text: string): RoleRule[] | string {
  const rules: RoleRule[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    const at = entry.lastIndexOf('=');
    const group = entry.slice(0, at).trim();
    const [role, city, ...rest] = entry
      .slice(at + 1)
      .trim()
      .split(':');
    if (at <= 0 || group === '')
      return `entry "${entry}" must be group=role (roles: admin, consortium, city:<city key>)`;
    if (!ROLES.includes(role as Role) || rest.length > 0)
      return `entry "${entry}": the role must be admin, consortium or city:<city key>`;
    if ((role === 'city') !== (city !== undefined))
      return `entry "${entry}": ${role === 'city' ? 'the city role needs its city: city:<city key>' : `${role} takes no city`}`;
    if (city !== undefined && !siteKey.safeParse(city).success)
      return `entry "${entry}": "${city}" is not a city key`;
    if (rules.some((r) => r.group === group)) return `group "${group}" is mapped twice`;
    rules.push({ group, role: role as Role, city: city ?? null });
  }
  return rules;
}

/** The claim at a dotted path, as a list of strings (a single string is one group). */
export function groupsOf(claims: Readonly<Record<string, unknown>>, path: string): string[] {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
    value = (value as Record<string, unknown>)[part];
  }
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export type Mapped = { role: Role; city: string | null } | { refused: 'no-role' | 'several-cities' };

const WIDEST: readonly Role[] = ['admin', 'consortium', 'city'];

export function mapRole(groups: readonly string[], rules: readonly RoleRule[]): Mapped {
  const matched = rules.filter((r) => groups.includes(r.group));
  for (const role of WIDEST) {
    const of = matched.filter((r) => r.role === role);
    if (of.length === 0) continue;
    if (role !== 'city') return { role, city: null };
    const cities = new Set(of.map((r) => r.city));
    return cities.size === 1 ? { role, city: of[0]?.city ?? null } : { refused: 'several-cities' };
  }
  return { refused: 'no-role' };
}
