/*
 * The pages a person sees when a sign-in through the identity provider does not end in the dashboard: no role in
 * godonu, a refused or stale answer, a provider that does not answer. German (the dashboard's first language),
 * plain HTML built on the server with the dashboard's stylesheet; no script and nothing inline (the CSP).
 */
import { escapeHtml } from '../open-data/index-page.ts';

export type SignInProblem = 'no-role' | 'several-cities' | 'refused' | 'stale' | 'unavailable';

const PAGES: Record<SignInProblem, { title: string; text: string[]; retry: boolean }> = {
  'no-role': {
    title: 'Kein Zugang',
    text: [
      'Sie haben sich erfolgreich angemeldet, aber Ihr Konto ist keiner Stadt und keiner Rolle in godonu zugeordnet.',
      'Bitten Sie die Verwaltung Ihres Anmeldedienstes, Ihr Konto der Gruppe Ihrer Stadt (oder des Konsortiums) zuzuordnen. Danach können Sie sich erneut anmelden.',
    ],
    retry: false,
  },
  'several-cities': {
    title: 'Kein Zugang',
    text: [
      'Ihr Konto ist den Gruppen mehrerer Städte zugeordnet. Eine Sitzung im Dashboard spricht für genau eine Stadt.',
      'Bitten Sie die Verwaltung Ihres Anmeldedienstes, Ihr Konto nur der Gruppe Ihrer Stadt zuzuordnen.',
    ],
    retry: false,
  },
  refused: {
    title: 'Anmeldung fehlgeschlagen',
    text: [
      'Die Antwort des Anmeldedienstes konnte nicht bestätigt werden, oder die Anmeldung wurde dort abgebrochen. Sie sind nicht angemeldet.',
    ],
    retry: true,
  },
  stale: {
    title: 'Anmeldung abgelaufen',
    text: [
      'Diese Anmeldung ist nicht mehr gültig: Sie wurde bereits verwendet oder hat länger als zehn Minuten gedauert. Sie sind nicht angemeldet.',
    ],
    retry: true,
  },
  unavailable: {
    title: 'Anmeldedienst nicht erreichbar',
    text: [
      'Der Anmeldedienst Ihrer Stadt antwortet gerade nicht. Bitte versuchen Sie es in einigen Minuten erneut.',
    ],
    retry: true,
  },
};

/** The HTTP status of each problem: who is refused (403), what was refused (401), what may work later (503). */
export const PROBLEM_STATUS: Record<SignInProblem, 400 | 401 | 403 | 503> = {
  'no-role': 403,
  'several-cities': 403,
  refused: 401,
  stale: 400,
  unavailable: 503,
};

export function signInProblemPage(problem: SignInProblem): string {
  const page = PAGES[problem];
  const retry = page.retry
    ? '<p><a class="button button-primary" href="/auth/login">Erneut anmelden</a></p>'
    : '';
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)} – godonu</title>
<link rel="stylesheet" href="/styles.css">
</head>
<body>
<a class="skip-link" href="#inhalt">Zum Inhalt springen</a>
<header class="site-header"><div class="header-inner"><p class="brand"><span class="brand-name">godonu</span></p></div></header>
<main id="inhalt" tabindex="-1">
<div class="sign-in" data-problem="${problem}">
<h1>${escapeHtml(page.title)}</h1>
${page.text.map((t) => `<p class="lead">${escapeHtml(t)}</p>`).join('\n')}
${retry}
<p><a href="/">Zur Startseite des Dashboards</a> (dort ist auch die Anmeldung mit einem API-Schlüssel möglich)</p>
</div>
</main>
</body>
</html>
`;
}
