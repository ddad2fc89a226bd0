/*
 * A real OpenID Connect provider on the loopback for the sign-in tests: panva's oidc-provider (OpenID Certified),
 * the same library many identity products are built on. Its development login page takes any login name (the
 * password is not checked); an account's `groups` claim comes from `accounts`, served from the userinfo endpoint
 * as a standard provider does for scope-requested claims, and in the ID token where `idTokenGroups` says so.
 *
 * `answerTokens` lets a test play the provider's token answer differently, as a broken or hostile provider (or a
 * man in the middle) would: re-signed with the provider's own key (what the provider itself could say), or
 * altered without a new signature (a forgery).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export const TEST_CLIENT_ID = 'godonu-dashboard';
export const TEST_CLIENT_SECRET = 'test-client-secret-of-the-loopback-provider';
const KID = 'loopback-test-key';

export type TokenAnswer =
  | { kind: 'as-issued' }
  /** The provider's key signs the changed claims: what the provider itself could issue. */
  | { kind: 're-signed'; claims: (c: JWTPayload) => JWTPayload }
  /** The claims are changed, the provider's original signature kept. */
  | { kind: 'forged'; claims: (c: JWTPayload) => JWTPayload };

export interface TestIdentityProvider {
  issuer: string;
  /**
   * Starts answering, for a client whose addresses are known only now (the api's port): until then every request
   * is answered 503. The api asks the provider nothing before the first sign-in.
   */
  serve(opts: ProviderOptions): Promise<void>;
  /** How the next token answers are given (default: as issued). */
  answerTokens(answer: TokenAnswer): void;
  /** The claims of the last ID token the token endpoint answered with, after any change. */
  lastIdToken(): JWTPayload | null;
  close(): Promise<void>;
}

export interface ProviderOptions {
  /** Login name → groups. Any other login name signs in with no groups. */
  accounts: Readonly<Record<string, readonly string[]>>;
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** Put `groups` in the ID token too (as Keycloak's group mapper does); default: userinfo only. */
  idTokenGroups?: boolean;
}

function b64(json: object): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/** The provider's address, listening; it answers once `serve` is called. */
export async function listenIdentityProvider(): Promise<TestIdentityProvider> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let answer: TokenAnswer = { kind: 'as-issued' };
  let last: JWTPayload | null = null;
  return {
    issuer,
    async serve(opts) {
      const provider = await createProvider(issuer, opts, {
        answer: () => answer,
        issued: (claims) => {
          last = claims;
        },
      });
      handler = provider.callback();
    },
    answerTokens(a) {
      answer = a;
    },
    lastIdToken: () => last,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function createProvider(
  issuer: string,
  opts: ProviderOptions,
  tokens: { answer: () => TokenAnswer; issued: (claims: JWTPayload) => void },
): Promise<Provider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: KID, alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        redirect_uris: [opts.redirectUri],
        post_logout_redirect_uris: [opts.postLogoutRedirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk] },
    claims: { openid: ['sub'], groups: ['groups'] },
    conformIdTokenClaims: !opts.idTokenGroups,
    cookies: { keys: ['loopback provider cookie key'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return { sub, groups: [...(opts.accounts[sub] ?? [])] };
        },
      };
    },
    // The dashboard is the provider's own first-party client: no consent screen, as city deployments configure it.
    async loadExistingGrant(ctx) {
      const oidc = ctx.oidc;
      const clientId = oidc.client?.clientId as string;
      const existing = oidc.session?.grantIdFor(clientId);
      if (existing) return oidc.provider.Grant.find(existing);
      const grant = new oidc.provider.Grant({ clientId, accountId: oidc.session?.accountId as string });
      grant.addOIDCScope('openid groups');
      grant.addOIDCClaims(['groups']);
      await grant.save();
      return grant;
    },
  });

  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (ctx.path !== '/token' || typeof body?.id_token !== 'string') return;
    const token = body.id_token;
    const answer = tokens.answer();
    if (answer.kind === 're-signed')
      body.id_token = await new SignJWT(answer.claims(decodeJwt(token)))
        .setProtectedHeader({ alg: 'RS256', kid: KID })
        .sign(privateKey);
    if (answer.kind === 'forged') {
      const [header, , signature] = token.split('.');
      body.id_token = `${header}.${b64(answer.claims(decodeJwt(token)))}.${signature}`;
    }
    tokens.issued(decodeJwt(body.id_token as string));
  });
  return provider;
}
