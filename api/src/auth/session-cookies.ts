/*
 * The two cookies of a sign-in. `__Host-` binds them to this origin and path `/` (no Domain, Secure), HttpOnly
 * keeps them from scripts. The session cookie is SameSite=Strict: no other site's page or link ever sends it. The
 * login cookie must come back with the provider's redirect to the callback, a cross-site navigation: Lax.
 * Browsers keep Secure cookies on https and on the loopback (the demo, the tests); deployments serve https.
 */
import type { CookieSerializeOptions } from '@fastify/cookie';

export const SESSION_COOKIE = '__Host-godonu-session';
export const LOGIN_COOKIE = '__Host-godonu-login';

const BASE = { path: '/', secure: true, httpOnly: true } as const;

export function sessionCookie(expiresAt: number, now: number): CookieSerializeOptions {
  return { ...BASE, sameSite: 'strict', maxAge: Math.max(0, Math.floor((expiresAt - now) / 1000)) };
}

export function loginCookie(maxAgeMs: number): CookieSerializeOptions {
  return { ...BASE, sameSite: 'lax', maxAge: Math.floor(maxAgeMs / 1000) };
}

export const CLEARED: CookieSerializeOptions = { ...BASE, sameSite: 'strict', maxAge: 0 };
