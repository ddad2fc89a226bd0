/*
 * Sign-in: through the city's identity provider where the api has one (a link to `/auth/login`; the session
 * comes back as an HttpOnly cookie), or with an API key. The key is checked with `/v1/me` and then held by the
 * ApiClient in memory only; the input is cleared right after, so the key does not linger in the DOM either.
 */
import { ApiClient, ApiError, type CityEntry, type Me, type ServiceEntry } from '../api.client.ts';
import { h } from '../html.ts';
import type { Language, Texts } from '../i18n.ts';
import { SIGN_IN_TEXTS } from '../sign-in.i18n.ts';
import type { Session } from '../view-context.ts';
import { VIEW_TITLE_ID } from './view-shell.ts';

/** `key` null: the identity provider's session cookie, if the browser holds one the api accepts. */
export async function openSession(key: string | null, onSessionEnded?: () => void): Promise<Session> {
  const api = new ApiClient(key, onSessionEnded);
  const me = await api.json<Me>('/v1/me');
  const [cities, services] = await Promise.all([
    api.json<{ cities: CityEntry[] }>('/v1/cities'),
    api.json<{ services: ServiceEntry[] }>('/v1/services'),
  ]);
  return { api, me, cities: cities.cities, services: services.services, latestClosed: null };
}

export interface SignInOptions {
  lang: Language;
  /** The api signs people in through an identity provider. */
  identityProvider: boolean;
  /** Shown above the form: why the person is back here (their session expired). */
  notice: string | null;
}

export function signInView(
  t: Texts,
  root: HTMLElement,
  onSession: (s: Session) => void,
  opts: SignInOptions,
): void {
  const st = SIGN_IN_TEXTS[opts.lang];
  const input = h('input', {
    id: 'api-key',
    name: 'api-key',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    autocapitalize: 'off',
    required: true,
    'aria-describedby': 'api-key-hint api-key-error',
  });
  const error = h('p', { id: 'api-key-error', class: 'field-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, t.signInButton);
  const form = h(
    'form',
    { class: 'sign-in-form', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'api-key' }, t.keyLabel),
      h('p', { id: 'api-key-hint', class: 'hint' }, t.keyHint),
      input,
    ),
    error,
    submit,
  );
  const fail = (message: string) => {
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) {
      fail(t.errorKeyEmpty);
      return;
    }
    submit.disabled = true;
    submit.textContent = t.signInWorking;
    error.textContent = '';
    openSession(key)
      .then((session) => {
        input.value = '';
        onSession(session);
      })
      .catch((err: unknown) => {
        fail(
          err instanceof ApiError ? (err.status === 401 ? t.errorKeyRejected : t.errorLoad) : t.errorNetwork,
        );
      })
      .finally(() => {
        submit.disabled = false;
        submit.textContent = t.signInButton;
      });
  });
  const provider = opts.identityProvider
    ? [
        h('p', { class: 'lead' }, st.providerIntro),
        h(
          'p',
          {},
          h(
            'a',
            { class: 'button button-primary', href: '/auth/login', id: 'sign-in-provider' },
            st.providerButton,
          ),
        ),
        h('h2', { class: 'sign-in-alternative' }, st.keyAlternative),
      ]
    : [];
  root.replaceChildren(
    h(
      'div',
      { class: 'sign-in' },
      h('h1', { id: VIEW_TITLE_ID, tabindex: '-1' }, t.signInTitle),
      opts.notice ? h('p', { class: 'notice', role: 'status' }, opts.notice) : null,
      ...provider,
      h('p', { class: 'lead' }, t.signInIntro),
      form,
    ),
  );
}
