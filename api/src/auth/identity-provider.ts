/*
 * The city's identity provider, spoken to with openid-client (OpenID Certified): authorization code flow with PKCE
 * (S256), state and nonce; the ID token's signature, issuer, audience, expiry and nonce checked by the library.
 * The provider's metadata is discovered on first use and kept; a provider that does not answer is asked again on
 * the next sign-in, so the api starts and serves API keys while it is down.
 */
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { groupsOf, type OidcConfig } from './role-map.ts';
import type { PendingLogin } from './session-store.ts';

/** What godonu keeps of a signed-in person: a pseudonym for the audit log, and the groups that give the role. */
export interface Identity {
  actor: string;
  groups: string[];
}

/** The provider did not answer (discovery or token request failed on the network): "try later", not "refused". */
export class ProviderUnavailableError extends Error {}

export class IdentityProvider {
  #configuration: Promise<oidc.Configuration> | null = null;

  constructor(private readonly config: OidcConfig) {}

  /** A new login's secrets and the provider's address to send the browser to. */
  async authorizationUrl(): Promise<{ url: URL; login: PendingLogin }> {
    const configuration = await this.#discovered();
    const login = {
      pkceVerifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUri,
      scope: this.config.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(login.pkceVerifier),
      code_challenge_method: 'S256',
      state: login.state,
      nonce: login.nonce,
    });
    return { url, login };
  }

  /**
   * The provider's answer at the callback: exchanges the code and validates the ID token. Throws the library's
   * errors for anything refused (wrong state, tampered or expired token, an error answer of the provider).
   */
  async identify(search: string, login: PendingLogin): Promise<Identity> {
    const configuration = await this.#discovered();
    const current = new URL(this.config.redirectUri);
    current.search = search;
    const tokens = await oidc.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: login.pkceVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('the provider answered without an ID token');
    let groups = groupsOf(claims, this.config.rolesClaim);
    // Many providers put groups in the userinfo answer only; asked only when the ID token lacks the claim.
    if (groups.length === 0 && configuration.serverMetadata().userinfo_endpoint)
      groups = groupsOf(
        await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub),
        this.config.rolesClaim,
      );
    const actor = createHash('sha256').update(`${claims.iss}\n${claims.sub}`, 'utf8').digest('hex');
    return { actor: `oidc:${actor.slice(0, 16)}`, groups };
  }

  /** Where to send the browser after the session here has ended: the provider's sign-out, or the dashboard. */
  async signOutUrl(): Promise<string> {
    const configuration = await this.#discovered().catch(() => null);
    if (!configuration?.serverMetadata().end_session_endpoint) return this.config.afterSignOut;
    return oidc
      .buildEndSessionUrl(configuration, { post_logout_redirect_uri: this.config.afterSignOut })
      .toString();
  }

  #discovered(): Promise<oidc.Configuration> {
    if (!this.#configuration) {
      const issuer = new URL(this.config.issuer);
      // The ID token's signature is checked against the provider's published keys, although it arrives over the
      // TLS connection to the token endpoint: in municipal networks TLS often ends at a proxy before the api, and
      // a token whose claims were changed on the way must not give anyone a role. http:// is allowed by the
      // configuration on the loopback only (the tests' provider); everything else is https.
      const execute = [
        oidc.enableNonRepudiationChecks,
        ...(issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : []),
      ];
      this.#configuration = oidc
        .discovery(issuer, this.config.clientId, this.config.clientSecret, undefined, { execute })
        .catch((err: unknown) => {
          this.#configuration = null;
          throw new ProviderUnavailableError(`identity provider ${this.config.issuer} not reachable`, {
            cause: err,
          });
        });
    }
    return this.#configuration;
  }
}
