import { describe, expect, it } from 'vitest';
import { groupsOf, mapRole, parseRoleMap } from './role-map.ts';

describe('parseRoleMap', () => {
  it('reads group=role entries; groups may hold anything but commas, the last = separates the role', () => {
    expect(parseRoleMap('/godonu/gießen=city:giessen, godonu=consortium, a=b=admin')).toEqual([
      { group: '/godonu/gießen', role: 'city', city: 'giessen' },
      { group: 'godonu', role: 'consortium', city: null },
      { group: 'a=b', role: 'admin', city: null },
    ]);
  });

  it('says which entry it cannot read', () => {
    expect(parseRoleMap('admins')).toBe(
      'entry "admins" must be group=role (roles: admin, consortium, city:<city key>)',
    );
    expect(parseRoleMap('x=owner')).toBe(
      'entry "x=owner": the role must be admin, consortium or city:<city key>',
    );
    expect(parseRoleMap('x=admin:giessen')).toBe('entry "x=admin:giessen": admin takes no city');
    expect(parseRoleMap('x=city:Gießen')).toBe('entry "x=city:Gießen": "Gießen" is not a city key');
    expect(parseRoleMap('x=admin,x=consortium')).toBe('group "x" is mapped twice');
  });
});

describe('mapRole', () => {
  const rules = parseRoleMap(
    'team-giessen=city:giessen,team-marburg=city:marburg,office=consortium,ops=admin',
  ) as Exclude<ReturnType<typeof parseRoleMap>, string>;

  it('gives the widest mapped role, and nobody a role by default', () => {
    expect(mapRole(['intranet', 'team-giessen'], rules)).toEqual({ role: 'city', city: 'giessen' });
    expect(mapRole(['team-giessen', 'office'], rules)).toEqual({ role: 'consortium', city: null });
    expect(mapRole(['office', 'ops', 'team-giessen'], rules)).toEqual({ role: 'admin', city: null });
    expect(mapRole(['intranet'], rules)).toEqual({ refused: 'no-role' });
    expect(mapRole([], rules)).toEqual({ refused: 'no-role' });
  });

  it('refuses groups of two cities: a session speaks for one city', () => {
    expect(mapRole(['team-giessen', 'team-marburg'], rules)).toEqual({ refused: 'several-cities' });
  });
});

describe('groupsOf', () => {
  it('reads a list or a single string at a dotted path, and nothing else', () => {
    const claims = { groups: ['a', 1, 'b'], realm_access: { roles: ['godonu'] }, role: 'ops', n: { m: 3 } };
    expect(groupsOf(claims, 'groups')).toEqual(['a', 'b']);
    expect(groupsOf(claims, 'realm_access.roles')).toEqual(['godonu']);
    expect(groupsOf(claims, 'role')).toEqual(['ops']);
    expect(groupsOf(claims, 'n.m')).toEqual([]);
    expect(groupsOf(claims, 'missing.path')).toEqual([]);
  });
});
