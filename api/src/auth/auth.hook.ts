import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import type { KeyStore } from './key-store.ts';
import type { Principal } from './roles.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The scheme name is case-insensitive (RFC 9110 §11.1), the key is not. */
const BEARER = /^bearer ([^\s]+)$/i;

/** onRequest hook for `/v1`: no key, a malformed, unknown or revoked key → 401. Never an empty answer. */
export function authenticate(keys: KeyStore, onReject: (status: 401 | 403) => void) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const presented = BEARER.exec(req.headers.authorization ?? '')?.[1];
    const found = presented === undefined ? undefined : await keys.find(presented);
    if (!found) {
      onReject(401);
      throw new ApiError('API_UNAUTHORIZED');
    }
    req.principal = { keyId: found.id, role: found.role, city: found.city };
  };
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new ApiError('API_UNAUTHORIZED');
  return req.principal;
}
