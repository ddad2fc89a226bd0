/* The texts of signing in through the city's identity provider (single sign-on), German and English. */
import type { Language } from './i18n.ts';

export interface SignInTexts {
  providerIntro: string;
  providerButton: string;
  keyAlternative: string;
  sessionExpired: string;
  signOutFailed: string;
}

export const SIGN_IN_TEXTS: Record<Language, SignInTexts> = {
  de: {
    providerIntro:
      'Melden Sie sich mit dem Konto an, mit dem Sie sich auch sonst in Ihrer Verwaltung anmelden. Ihre Rolle und Ihre Stadt ergeben sich aus Ihren Gruppen dort.',
    providerButton: 'Mit dem Konto Ihrer Verwaltung anmelden',
    keyAlternative: 'Oder mit einem API-Schlüssel',
    sessionExpired: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
    signOutFailed: 'Die Abmeldung ist fehlgeschlagen. Bitte versuchen Sie es erneut.',
  },
  en: {
    providerIntro:
      'Sign in with the account you use elsewhere in your administration. Your role and city follow from your groups there.',
    providerButton: "Sign in with your administration's account",
    keyAlternative: 'Or with an API key',
    sessionExpired: 'Your session has expired. Please sign in again.',
    signOutFailed: 'Signing out failed. Please try again.',
  },
};
