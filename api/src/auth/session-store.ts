/*
 * The dashboard's server-side sign-ins (0010_api_sessions.sql). The browser holds a random id in an HttpOnly
 * cookie and nothing else; this store keeps its SHA-256 with what it stands for. Two kinds share the table: a
 * login under way (PKCE verifier, state and nonce between the redirect to the provider and its answer, used once)
 * and a session (role and city). Sessions end at a fixed time after sign-in, or at sign-out.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type SessionRow, sessionQuery } from '../queries/sessions.query.ts';
import { clickhouseTime, type Warehouse } from '../warehouse.ts';
import type { Principal, Role } from './roles.ts';

/** A login not answered by the provider within this time is refused (the person starts again). */
export const LOGIN_MS = 10 * 60_000;
/** 32 random bytes, base64url: what the cookie holds. Anything else is refused before a lookup. */
const ID = /^[A-Za-z0-9_-]{43}$/;

export interface PendingLogin {
  pkceVerifier: string;
  state: string;
  nonce: string;
}

export interface SessionPrincipal extends Principal {
  expiresAt: number;
}

const EMPTY = { role: '', city: '', actor: '', pkce_verifier: '', state: '', nonce: '' };

function idHash(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

export class SessionStore {
  constructor(
    private readonly warehouse: Warehouse,
    /** Wall-clock ms: sessions expire in real time, whatever clock the reports use. */
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a login under way; its id goes into the login cookie. */
  async beginLogin(login: PendingLogin): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.#write(id, 'login', this.now() + LOGIN_MS, {
      ...EMPTY,
      pkce_verifier: login.pkceVerifier,
      state: login.state,
      nonce: login.nonce,
    });
    return id;
  }

  /** The login of a cookie, once: it is ended before it is handed out, so a replayed answer finds nothing. */
  async takeLogin(id: string): Promise<PendingLogin | null> {
    const row = await this.#live(id, 'login');
    if (!row) return null;
    await this.#end(id, row);
    return { pkceVerifier: row.pkce_verifier, state: row.state, nonce: row.nonce };
  }

  /** Opens a session; its id goes into the session cookie. */
  async open(
    p: { role: Role; city: string | null; actor: string },
    ms: number,
  ): Promise<{ id: string; expiresAt: number }> {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + ms;
    await this.#write(id, 'session', expiresAt, {
      ...EMPTY,
      role: p.role,
      city: p.city ?? '',
      actor: p.actor,
    });
    return { id, expiresAt };
  }

  /** Who a session cookie speaks for; null for an unknown, ended or expired session. */
  async find(id: string): Promise<SessionPrincipal | null> {
    const row = await this.#live(id, 'session');
    if (!row) return null;
    return {
      keyId: row.actor,
      role: row.role as Role,
      city: row.role === 'city' ? row.city : null,
      expiresAt: row.expires_ms,
    };
  }

  /** Signs out: the session is ended for every api instance. Ending an unknown id changes nothing. */
  async end(id: string): Promise<void> {
    const row = await this.#live(id, 'session');
    if (row) await this.#end(id, row);
  }

  async #live(id: string, kind: SessionRow['kind']): Promise<SessionRow | null> {
    if (!ID.test(id)) return null;
    const [row] = await this.warehouse.rows(sessionQuery(idHash(id)));
    if (!row || row.kind !== kind || row.ended !== 0 || row.expires_ms <= this.now()) return null;
    return row;
  }

  async #end(id: string, row: SessionRow): Promise<void> {
    // The ended row forgets the login's secrets; a session's role stays readable for the operator.
    const kept = { ...EMPTY, role: row.role, city: row.city, actor: row.actor };
    await this.#write(id, row.kind, row.expires_ms, kept, row.version);
  }

  async #write(
    id: string,
    kind: SessionRow['kind'],
    expiresAt: number,
    fields: typeof EMPTY,
    /** The version of the row an ending replaces: it must lose to the ending, whatever this host's clock says. */
    ends: number | null = null,
  ): Promise<void> {
    const row = {
      id_hash: idHash(id),
      kind,
      // A version that grows even if two writes fall into one millisecond (begin and take of a fast login).
      version: Math.max(this.now(), this.#lastVersion + 1, (ends ?? -1) + 1),
      expires_at: clickhouseTime(new Date(expiresAt)),
      ended: ends === null ? 0 : 1,
      ...fields,
    };
    this.#lastVersion = row.version;
    await this.warehouse.insert('sessions', [row]);
  }

  #lastVersion = 0;
}
