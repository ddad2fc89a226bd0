/*
 * `/open-data/`: the German page listing every release, what its numbers mean and how citizens are protected.
 * Plain HTML built on the server, every text escaped; no script and no inline style (the api's CSP allows only
 * its own files), one stylesheet. The same releases and configuration give the same bytes.
 */
import type { ApiConfig } from '../config.ts';
import { type DisclosurePolicy, policySummary } from '../disclosure/policy.ts';
import { CATALOG_JSONLD, INDEX_JSON, releaseFilePath, STYLESHEET } from './open-data-paths.ts';
import { monthName, type ReleaseMeta } from './release-document.ts';
import { INDEX_TITLE } from './release-index.ts';
import { MIN_CITIES_IN_AGGREGATE } from './release-units.ts';

type PageConfig = Pick<ApiConfig, 'OPEN_DATA_LICENCE_NAME' | 'OPEN_DATA_LICENCE_URL' | 'OPEN_DATA_PUBLISHER'>;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const number = (x: number, digits = 3) =>
  new Intl.NumberFormat('de-DE', { maximumFractionDigits: digits }).format(x);
const date = (iso: string) =>
  new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(new Date(iso));
const kilobytes = (bytes: number) => `${number(bytes / 1000, 1)} kB`;

const FILE_LINKS: Record<ReleaseMeta['files'][number]['name'], string> = {
  'release.json': 'Alle Tabellen mit Datenbeschreibung (JSON',
  'services.csv': 'Städte × Leistungen (CSV',
  'cities.csv': 'Besuchende und Besuche je Stadt (CSV',
  'shares.csv': 'Geräte und Zugangswege je Stadt (CSV',
};

function releaseRow(m: ReleaseMeta): string {
  const name = escapeHtml(monthName(m.release));
  const links = m.files
    .map(
      (f) =>
        `<li><a href="${escapeHtml(releaseFilePath(m.release, f.name))}">${escapeHtml(FILE_LINKS[f.name])}, ${escapeHtml(kilobytes(f.bytes))})<span class="sr-only">, ${name}</span></a></li>`,
    )
    .join('');
  const p = m.disclosure;
  const named = m.cities.named.map((c) => escapeHtml(c.name)).join(', ');
  return `<tr>
<th scope="row">${name}</th>
<td><time datetime="${escapeHtml(m.createdAt)}">${escapeHtml(date(m.createdAt))}</time></td>
<td><ul class="files">${links}</ul></td>
<td>k = ${p.k}, ε = ${escapeHtml(number(p.epsilonPerCell))} je Zelle; höchstens ε = ${escapeHtml(number(p.privacyBudget.epsilonPerVisitorDay))} je Besuchstag</td>
<td>${named}${m.cities.notNamed.count > 0 ? escapeHtml(m.cities.notNamed.aggregated ? '; weitere Städte zusammengefasst' : `; ${m.cities.notNamed.count} nicht genannt und nicht enthalten`) : ''}</td>
</tr>`;
}

function releasesSection(releases: readonly ReleaseMeta[]): string {
  if (releases.length === 0)
    return '<p>Noch gibt es keine Veröffentlichung. Das Konsortium veröffentlicht abgeschlossene Monate.</p>';
  return `<div class="table-scroll" role="region" aria-labelledby="releases-caption" tabindex="0">
<table>
<caption id="releases-caption">Alle Veröffentlichungen, neueste zuerst</caption>
<thead><tr><th scope="col">Monat</th><th scope="col">Veröffentlicht am</th><th scope="col">Dateien</th><th scope="col">Schutz</th><th scope="col">Städte</th></tr></thead>
<tbody>
${releases.map(releaseRow).join('\n')}
</tbody>
</table>
</div>`;
}

export function indexPage(releases: readonly ReleaseMeta[], policy: DisclosurePolicy, c: PageConfig): string {
  const s = policySummary(policy);
  const licence = `<a href="${escapeHtml(c.OPEN_DATA_LICENCE_URL)}">${escapeHtml(c.OPEN_DATA_LICENCE_NAME)}</a>`;
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(INDEX_TITLE)} – godonu</title>
<link rel="stylesheet" href="${STYLESHEET}">
<link rel="alternate" type="application/json" href="${INDEX_JSON}" title="Verzeichnis der Veröffentlichungen (JSON)">
<link rel="alternate" type="application/ld+json" href="${CATALOG_JSONLD}" title="DCAT-AP.de-Katalog (JSON-LD)">
</head>
<body>
<a class="skip-link" href="#inhalt">Zum Inhalt springen</a>
<header class="site-header"><p class="brand">godonu · ${escapeHtml(c.OPEN_DATA_PUBLISHER)}</p></header>
<main id="inhalt" tabindex="-1">
<h1>${escapeHtml(INDEX_TITLE)}</h1>
<p class="lead">Die Städte des Programms GoDoNu veröffentlichen hier Monat für Monat, wie ihre Online-Dienste genutzt werden: je Stadt und Leistung (LeiKa) Aufrufe, begonnene und abgeschlossene Online-Formulare, Abschlussquote, mittlere Bearbeitungszeit, Zufriedenheit und digitale Quote; je Stadt Besuchende, Besuche und die Anteile der Geräte und Zugangswege. Jede Veröffentlichung umfasst einen abgeschlossenen Monat, wird einmal berechnet und danach nie verändert.</p>

<section aria-labelledby="releases">
<h2 id="releases">Veröffentlichungen</h2>
${releasesSection(releases)}
</section>

<section aria-labelledby="numbers">
<h2 id="numbers">Was die Zahlen bedeuten</h2>
<p>Jede Veröffentlichung enthält in ihrer JSON-Datei eine Datenbeschreibung: jede Spalte mit Typ, Einheit und Bedeutung. Besuchende werden ohne Cookies gezählt, mit einem täglich wechselnden Schlüssel: Dieselbe Person an zwei Tagen zählt zweimal, die „Besuchenden“ eines Monats sind also Besuchstage. Leere Werte sind nicht veröffentlicht; die Status-Spalte daneben nennt den Grund.</p>
</section>

<section aria-labelledby="protection">
<h2 id="protection">So werden die Bürgerinnen und Bürger geschützt</h2>
<ul>
<li>Veröffentlicht werden nur ganze, abgeschlossene Monate, jeder höchstens einmal.</li>
<li>Jede Zahl ist verrauscht: Zu jeder Zählung kommt ganzzahliges Zufallsrauschen (diskrete Laplace-Verteilung), das für dieselbe Zelle immer dasselbe ist. Quoten und Anteile werden aus den verrauschten Zahlen berechnet.</li>
<li>Kleine Zahlen erscheinen nicht: Eine Zahl wird nur veröffentlicht, wenn der wahre und der verrauschte Wert mindestens k erreichen.</li>
<li>Jede Veröffentlichung nennt ihre Parameter und ihr Datenschutz-Budget: die Grenze ε, um die sich die Wahrscheinlichkeit jedes veröffentlichten Werts durch einen einzelnen Besuchstag höchstens ändern kann (Differential Privacy). Ein Besuchstag liegt in genau einem Monat, und jeder Monat wird nur einmal veröffentlicht: Mehr als das Budget seines Monats verbraucht kein Besuchstag. Für neue Veröffentlichungen gelten derzeit k = ${s.k} und ε = ${escapeHtml(number(s.epsilonPerCell))} je Zelle (Standardabweichung des Rauschens ${escapeHtml(number(s.noiseStandardDeviation, 2))}).</li>
<li>Städte, die nicht namentlich genannt werden wollen, erscheinen nur zusammengefasst mit mindestens ${MIN_CITIES_IN_AGGREGATE - 1} weiteren solchen Städten; sind es weniger, sind ihre Zahlen in der Veröffentlichung nicht enthalten. Ob eine Stadt genannt wird, gilt zum Zeitpunkt der Veröffentlichung: Zieht eine Stadt ihre Zustimmung zurück, gilt das für spätere Veröffentlichungen; frühere Veröffentlichungen werden nicht geändert.</li>
</ul>
</section>

<section aria-labelledby="licence">
<h2 id="licence">Lizenz</h2>
<p>Die Daten stehen unter der Lizenz ${licence}. Bitte nennen Sie als Quelle: ${escapeHtml(c.OPEN_DATA_PUBLISHER)}, den Monat der Veröffentlichung und die Lizenz. Jede Veröffentlichung nennt die Lizenz, unter der sie erschienen ist.</p>
</section>

<section aria-labelledby="machine">
<h2 id="machine">Maschinenlesbar</h2>
<ul>
<li><a href="${INDEX_JSON}">Verzeichnis aller Veröffentlichungen (JSON)</a></li>
<li><a href="${CATALOG_JSONLD}">Metadaten nach DCAT-AP.de (JSON-LD), etwa für GovData</a></li>
<li><a href="/docs">Dokumentation der Schnittstelle</a></li>
</ul>
</section>
</main>
<footer class="site-footer"><p><a href="/">Zum Dashboard der Städte</a></p></footer>
</body>
</html>
`;
}
