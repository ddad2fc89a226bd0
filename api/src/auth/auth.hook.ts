import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import type { KeyStore } from './key-store.ts';
import type { Principal } from './roles.ts';
import { SESSION_COOKIE } from './session-cookies.ts';
import type { SessionStore } from './session-store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The scheme name is case-insensitive (RFC 9110 §11.1), the key is not. */
const BEARER = /^bearer ([^\s]+)$/i;

/**
 * onRequest hook for `/v1`: an API key (programs), or the dashboard's session cookie (people signed in through the
 * identity provider). A request with an Authorization header is judged by its key alone. The cookie counts only on
 * a request the browser marks as coming from the dashboard's own origin (Fetch Metadata): a page elsewhere cannot
 * make a signed-in browser read or change anything, whatever the cookie's SameSite. No credentials, a malformed,
 * unknown or revoked key, an ended or expired session → 401. Never an empty answer.
 */
export function authenticate(
  keys: KeyStore,
  sessions: SessionStore | null,
  onReject: (status: 401 | 403) => void,
) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    req.principal = await principalFrom(req, keys, sessions);
    if (!req.principal) {
      onReject(401);
      throw new ApiError('API_UNAUTHORIZED');
    }
  };
}

async function principalFrom(
  req: FastifyRequest,
  keys: KeyStore,
  sessions: SessionStore | null,
): Promise<Principal | null> {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const presented = BEARER.exec(authorization)?.[1];
    const found = presented === undefined ? undefined : await keys.find(presented);
    return found ? { keyId: found.id, role: found.role, city: found.city } : null;
  }
  const session = req.cookies[SESSION_COOKIE];
  if (!sessions || session === undefined || req.headers['sec-fetch-site'] !== 'same-origin') return null;
  const found = await sessions.find(session);
  return found ? { keyId: found.keyId, role: found.role, city: found.city } : null;
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new ApiError('API_UNAUTHORIZED');
  return req.principal;
}
