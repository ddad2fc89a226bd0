/*
 * Sign-in to the dashboard through the city's identity provider (OpenID Connect, authorization code flow with
 * PKCE): `/auth/login` sends the browser to the provider, `/auth/callback` takes its answer and opens a server-side
 * session, `/auth/logout` ends it. Outside `/v1` and outside the OpenAPI document: these are pages a browser
 * navigates to, not the API. Nothing of the person is logged but the pseudonym the audit log knows them by.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Identity, IdentityProvider, ProviderUnavailableError } from '../auth/identity-provider.ts';
import { mapRole, type OidcConfig } from '../auth/role-map.ts';
import {
  CLEARED,
  LOGIN_COOKIE,
  loginCookie,
  SESSION_COOKIE,
  sessionCookie,
} from '../auth/session-cookies.ts';
import { LOGIN_MS, type SessionStore } from '../auth/session-store.ts';
import { PROBLEM_STATUS, type SignInProblem, signInProblemPage } from '../auth/sign-in.page.ts';
import { ApiError } from '../errors.ts';
import type { Sites } from '../sites.ts';

export interface SignInDeps {
  oidc: OidcConfig | null;
  sessions: SessionStore;
  sites: Sites;
  /** Wall-clock ms, the sessions' clock. */
  wallClock: () => number;
}

const HIDDEN = { schema: { hide: true } } as const;
/**
 * Signing in writes to the warehouse before anyone is known: per client address (counted in memory, never
 * stored), far more attempts a minute than a person makes, far fewer than would flood the table.
 */
const SIGN_IN_LIMIT = { ...HIDDEN, config: { rateLimit: { max: 30, timeWindow: 60_000 } } } as const;

function problem(reply: FastifyReply, p: SignInProblem): FastifyReply {
  return reply
    .code(PROBLEM_STATUS[p])
    .header('cache-control', 'no-store')
    .clearCookie(LOGIN_COOKIE, CLEARED)
    .type('text/html; charset=utf-8')
    .send(signInProblemPage(p));
}

export function signInRoutes(app: FastifyInstance, deps: SignInDeps): void {
  // What the dashboard offers on its sign-in page.
  app.get('/auth/status', HIDDEN, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { identityProvider: deps.oidc !== null };
  });

  const config = deps.oidc;
  if (!config) return;
  const provider = new IdentityProvider(config);

  app.get('/auth/login', SIGN_IN_LIMIT, async (req, reply) => {
    let started: Awaited<ReturnType<IdentityProvider['authorizationUrl']>>;
    try {
      started = await provider.authorizationUrl();
    } catch (err) {
      req.log.warn({ err }, 'sign-in: identity provider not reachable');
      return problem(reply, 'unavailable');
    }
    const id = await deps.sessions.beginLogin(started.login);
    return reply
      .header('cache-control', 'no-store')
      .setCookie(LOGIN_COOKIE, id, loginCookie(LOGIN_MS))
      .redirect(started.url.toString(), 303);
  });

  app.get('/auth/callback', SIGN_IN_LIMIT, async (req, reply) => {
    const loginId = req.cookies[LOGIN_COOKIE];
    const login = loginId === undefined ? null : await deps.sessions.takeLogin(loginId);
    if (!login) return problem(reply, 'stale');
    const query = req.url.indexOf('?');
    let identity: Identity;
    try {
      identity = await provider.identify(query === -1 ? '' : req.url.slice(query), login);
    } catch (err) {
      if (err instanceof ProviderUnavailableError) {
        req.log.warn({ err }, 'sign-in: identity provider not reachable');
        return problem(reply, 'unavailable');
      }
      // The library's message says which check failed (state, signature, expiry …); it holds no token.
      req.log.warn({ reason: err instanceof Error ? err.message : String(err) }, 'sign-in refused');
      return problem(reply, 'refused');
    }
    const mapped = mapRole(identity.groups, config.roleMap);
    if ('refused' in mapped) {
      req.log.info({ actor: identity.actor, reason: mapped.refused }, 'sign-in without a role in godonu');
      return problem(reply, mapped.refused);
    }
    if (mapped.city !== null && !deps.sites.cities.has(mapped.city)) {
      req.log.error({ city: mapped.city }, 'OIDC_ROLE_MAP names a city the sites configuration lacks');
      return problem(reply, 'no-role');
    }
    const session = await deps.sessions.open({ ...mapped, actor: identity.actor }, config.sessionMs);
    req.log.info({ actor: identity.actor, role: mapped.role, city: mapped.city }, 'signed in');
    return reply
      .header('cache-control', 'no-store')
      .clearCookie(LOGIN_COOKIE, CLEARED)
      .setCookie(SESSION_COOKIE, session.id, sessionCookie(session.expiresAt, deps.wallClock()))
      .redirect('/', 303);
  });

  // A POST from the dashboard's own page only (Fetch Metadata), answered with where to go next: the provider's
  // sign-out page is another origin, which the dashboard's CSP does not let a form submission redirect to.
  app.post('/auth/logout', HIDDEN, async (req, reply) => {
    if (req.headers['sec-fetch-site'] !== 'same-origin') throw new ApiError('API_FORBIDDEN');
    const id = req.cookies[SESSION_COOKIE];
    if (id !== undefined) await deps.sessions.end(id);
    return reply
      .header('cache-control', 'no-store')
      .clearCookie(SESSION_COOKIE, CLEARED)
      .send({ next: await provider.signOutUrl() });
  });
}
