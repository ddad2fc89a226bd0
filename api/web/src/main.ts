/*
 * The dashboard's shell: header with language switch and sign-out, the view navigation (by role), the current
 * view, the footer. Views are addressed by the URL hash (#/city, #/service, #/comparison, #/reports, #/monthly for a
 * city's team and admins, #/open-data for the consortium, #/quality for admins, and #/disclosure for the page on
 * what others can learn, linked from the footer) so the browser's back button works; nothing else about the session
 * is ever written anywhere (a session of the identity provider is an HttpOnly cookie this code never sees).
 */
import { CALENDAR_LEVELS, latestClosedOn, reportDay } from './calendar.ts';
import { createFormat } from './format.ts';
import { h } from './html.ts';
import { type Language, TEXTS, type Texts } from './i18n.ts';
import { MONTHLY_TEXTS } from './monthly.i18n.ts';
import { OPEN_DATA_TEXTS } from './open-data.i18n.ts';
import { QUALITY_TEXTS } from './quality.i18n.ts';
import { REPORTS_TEXTS } from './reports.i18n.ts';
import { SIGN_IN_TEXTS } from './sign-in.i18n.ts';
import {
  readableCities,
  readsAllCitiesZsk,
  reportCities,
  type Selection,
  type Session,
  type ViewContext,
} from './view-context.ts';
import { cityView } from './views/city.view.ts';
import { comparisonView } from './views/comparison.view.ts';
import { guaranteeView } from './views/guarantee.view.ts';
import { monthlyView } from './views/monthly.view.ts';
import { openDataView } from './views/open-data.view.ts';
import { qualityView } from './views/quality.view.ts';
import { reportsView } from './views/reports.view.ts';
import { serviceView } from './views/service.view.ts';
import { openSession, signInView } from './views/sign-in.view.ts';
import { VIEW_TITLE_ID } from './views/view-shell.ts';

const VIEWS = ['city', 'service', 'comparison'] as const;
/** The statutory reports: a city's own (its team, admins) and the all-cities ZSK file (consortium, admins). */
const REPORTS_VIEW = 'reports';
/** A closed month of a city on one printable page, the PDF of `report monthly`: its team and admins. */
const MONTHLY_VIEW = 'monthly';
/** Publishing open data is the consortium's (the api refuses every other role). */
const CONSORTIUM_VIEWS = ['open-data'] as const;
/** Data quality per city and day is the operators' (the api refuses every other role). */
const ADMIN_VIEWS = ['quality'] as const;
type View =
  | (typeof VIEWS)[number]
  | typeof REPORTS_VIEW
  | typeof MONTHLY_VIEW
  | (typeof CONSORTIUM_VIEWS)[number]
  | (typeof ADMIN_VIEWS)[number];
/** The page on what others can learn: outside the navigation, open with and without a session. */
const GUARANTEE_HASH = '#/disclosure';
const RENDER: Record<View, (ctx: ViewContext, root: HTMLElement) => void> = {
  city: cityView,
  service: serviceView,
  comparison: comparisonView,
  reports: reportsView,
  monthly: monthlyView,
  'open-data': openDataView,
  quality: qualityView,
};

interface State {
  lang: Language;
  session: Session | null;
  selection: Selection;
  leave: (() => void)[];
  /** The api signs people in through the city's identity provider (`/auth/status`). */
  identityProvider: boolean;
  /** Why the sign-in page shows again (a session that expired), until the next sign-in. */
  notice: 'sessionExpired' | 'signOutFailed' | null;
}

const state: State = {
  lang: 'de',
  session: null,
  selection: initialSelection(null),
  leave: [],
  identityProvider: false,
  notice: null,
};

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el;
}

function initialSelection(session: Session | null): Selection {
  const cities = session ? readableCities(session) : [];
  const own = session?.me.city ?? null;
  const seen = session?.services.find((s) => s.citiesSeen > 0) ?? session?.services[0];
  return {
    city: own && cities.some((c) => c.key === own) ? own : (cities[0]?.key ?? null),
    service: seen?.key ?? null,
    from: '',
    to: '',
    calendar: '',
    reportMonth: '',
    interval: 'day',
    funnelInterval: 'week',
    seriesMetric: 'visitors',
    metric: 'completionRate',
    perCapita: true,
  };
}

/** The views a session may open: city and service views need a city whose reports the key may read. */
function allowedViews(session: Session): View[] {
  const views: View[] = readableCities(session).length > 0 ? [...VIEWS] : ['comparison'];
  if (reportCities(session).length > 0 || readsAllCitiesZsk(session)) views.push(REPORTS_VIEW);
  if (reportCities(session).length > 0) views.push(MONTHLY_VIEW);
  if (session.me.role === 'admin') return [...views, ...ADMIN_VIEWS];
  return session.me.role === 'consortium' ? [...views, ...CONSORTIUM_VIEWS] : views;
}

function defaultView(session: Session): View {
  const allowed = allowedViews(session);
  return session.me.role === 'consortium' || !allowed.includes('city') ? 'comparison' : 'city';
}

function currentView(session: Session): View {
  const name = location.hash.replace(/^#\//, '') as View;
  return allowedViews(session).includes(name) ? name : defaultView(session);
}

function announce(message: string): void {
  const el = byId('announcer');
  // Clearing first makes a repeated message be announced again.
  el.textContent = '';
  setTimeout(() => {
    el.textContent = message;
  }, 50);
}

function leaveView(): void {
  for (const fn of state.leave.splice(0)) fn();
}

function roleText(t: Texts, session: Session): string {
  const role = { city: t.roleCity, consortium: t.roleConsortium, admin: t.roleAdmin }[session.me.role];
  const city = session.cities.find((c) => c.key === session.me.city);
  return city ? `${role} ${city.name}` : role;
}

/** Back to the sign-in page, with a notice saying why (or none after signing out). */
function endSession(notice: State['notice']): void {
  leaveView();
  state.session = null;
  state.notice = notice;
  state.selection = initialSelection(null);
  history.replaceState(null, '', location.pathname);
  renderAll({ focus: VIEW_TITLE_ID });
}

/**
 * The api ends the session for every tab and instance, then the browser goes to the provider's sign-out page (so
 * that the next person at this computer is asked for a password again), which sends it back here.
 */
async function signOutOfProvider(): Promise<void> {
  const res = await fetch('/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  }).catch(() => null);
  const next = res?.ok ? ((await res.json()) as { next: string }).next : null;
  if (next) location.assign(next);
  else endSession('signOutFailed');
}

function renderHeader(t: Texts): void {
  const lang = state.lang;
  const other: Language = lang === 'de' ? 'en' : 'de';
  const switcher = h(
    'button',
    {
      type: 'button',
      class: 'button button-quiet',
      lang: other,
      'aria-label': t.switchLanguageLabel,
      id: 'lang-switch',
    },
    t.switchLanguage,
  );
  switcher.addEventListener('click', () => {
    state.lang = other;
    renderAll({ focus: 'lang-switch' });
  });
  const account: Node[] = [];
  const session = state.session;
  if (session) {
    const signOut = h('button', { type: 'button', class: 'button button-quiet', id: 'sign-out' }, t.signOut);
    signOut.addEventListener('click', () => {
      if (session.api.signedInWithProvider) void signOutOfProvider();
      else endSession(null);
    });
    account.push(
      h(
        'p',
        { class: 'account' },
        h('span', { class: 'account-label' }, `${t.signedInAs} `),
        h('strong', {}, roleText(t, session)),
      ),
      signOut,
    );
  }
  byId('brand').replaceChildren(
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
    h('span', { class: 'brand-name' }, t.productName),
    h('span', { class: 'brand-tagline' }, t.productTagline),
  );
  byId('header-tools').replaceChildren(...account, switcher);
  byId('skip-link').textContent = t.skipToContent;
}

function renderNav(t: Texts, view: View | null, guarantee: boolean): void {
  const nav = byId('nav');
  const session = state.session;
  if (!session || (!view && !guarantee)) {
    nav.hidden = true;
    nav.replaceChildren();
    return;
  }
  nav.hidden = false;
  nav.setAttribute('aria-label', t.navLabel);
  const label: Record<View, string> = {
    city: t.viewCity,
    service: t.viewService,
    comparison: t.viewComparison,
    reports: REPORTS_TEXTS[state.lang].nav,
    monthly: MONTHLY_TEXTS[state.lang].nav,
    'open-data': OPEN_DATA_TEXTS[state.lang].nav,
    quality: QUALITY_TEXTS[state.lang].nav,
  };
  nav.replaceChildren(
    h(
      'ul',
      {},
      ...allowedViews(session).map((v) =>
        h(
          'li',
          {},
          h('a', { href: `#/${v}`, 'aria-current': v === view ? 'page' : null, 'data-view': v }, label[v]),
        ),
      ),
    ),
  );
}

function renderFooter(t: Texts): void {
  const k = state.session?.me.k ?? null;
  const entry = (term: Node | string, explained: string) => [h('dt', {}, term), h('dd', {}, explained)];
  byId('footer').replaceChildren(
    h(
      'div',
      { class: 'footer-inner' },
      k !== null ? h('p', {}, t.footerPrivacy(k)) : null,
      k !== null
        ? h(
            'dl',
            { class: 'status-legend' },
            ...entry(
              h('span', {}, h('span', { 'aria-hidden': 'true' }, '≈ '), t.perturbed),
              t.perturbedExplained,
            ),
            ...entry(t.fewerThan(k), t.fewerThanExplained(k)),
            ...entry(t.hiddenComplementary, t.hiddenComplementaryExplained),
            ...entry(t.folded, t.foldedExplained),
            ...entry(t.withheld, t.withheldExplained),
            ...entry(t.rankBandTerm, t.rankBandExplained),
            ...entry(t.notPublished, t.notPublishedExplained),
          )
        : null,
      h(
        'p',
        { class: 'footer-links' },
        h('a', { href: GUARANTEE_HASH, 'data-guarantee': '' }, t.footerGuarantee),
        ' · ',
        h('a', { href: '/docs' }, t.footerApiDocs),
      ),
    ),
  );
}

function renderAll(opts: { focus?: string } = {}): void {
  const t = TEXTS[state.lang];
  document.documentElement.lang = state.lang;
  leaveView();
  const main = byId('main');
  const session = state.session;
  const guarantee = location.hash === GUARANTEE_HASH;
  const view = session && !guarantee ? currentView(session) : null;
  renderHeader(t);
  renderNav(t, view, guarantee);
  renderFooter(t);
  if (guarantee) {
    guaranteeView(
      { lang: state.lang, t, f: createFormat(state.lang), params: session?.me.disclosure ?? null },
      main,
    );
    const title = document.getElementById(VIEW_TITLE_ID)?.textContent ?? '';
    document.title = `${title} – ${t.productName}`;
  } else if (!session || !view) {
    document.title = `${t.signInTitle} – ${t.productName}`;
    signInView(t, main, signedIn, {
      lang: state.lang,
      identityProvider: state.identityProvider,
      notice: state.notice ? SIGN_IN_TEXTS[state.lang][state.notice] : null,
    });
  } else {
    const ctx: ViewContext = {
      session,
      selection: state.selection,
      lang: state.lang,
      t,
      f: createFormat(state.lang),
      onLeave: (fn) => state.leave.push(fn),
      announce,
      refresh: (focus = 'apply') => renderAll({ focus: focus === 'title' ? VIEW_TITLE_ID : 'apply' }),
      latestClosed: () => session.latestClosed ?? latestClosedOn(reportDay(new Date())),
      adoptLatestClosed: (latest) => {
        const before = ctx.latestClosed();
        session.latestClosed = latest;
        return CALENDAR_LEVELS.some((level) => before[level] !== latest[level]);
      },
    };
    RENDER[view](ctx, main);
    const title = document.getElementById(VIEW_TITLE_ID)?.textContent ?? '';
    document.title = `${title} – ${t.productName}`;
  }
  if (opts.focus === 'apply') main.querySelector<HTMLElement>('.filters button[type="submit"]')?.focus();
  else if (opts.focus) document.getElementById(opts.focus)?.focus();
}

/** `#/monthly/2025-02` opens the monthly report of that month (the address `report monthly` prints from). */
const MONTHLY_ADDRESS = /^#\/monthly\/(\d{4}-\d{2})$/;

window.addEventListener('hashchange', () => {
  // The skip link targets #main; only view addresses re-render.
  if (!location.hash.startsWith('#/')) return;
  const month = MONTHLY_ADDRESS.exec(location.hash)?.[1];
  if (month) {
    state.selection.reportMonth = month;
    history.replaceState(null, '', `#/${MONTHLY_VIEW}`);
  }
  renderAll({ focus: VIEW_TITLE_ID });
});

byId('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  byId('main').focus();
});

function signedIn(s: Session): void {
  state.session = s;
  state.notice = null;
  state.selection = initialSelection(s);
  const target = `#/${defaultView(s)}`;
  if (location.hash !== target) history.replaceState(null, '', target);
  renderAll({ focus: VIEW_TITLE_ID });
}

/**
 * Whether the api has an identity provider and, if so, whether this browser comes back signed in (the session
 * cookie the callback set). Without a provider, no request is made before someone signs in with a key.
 */
async function boot(): Promise<void> {
  const status = await fetch('/auth/status', { credentials: 'omit', cache: 'no-store' })
    .then((r) => (r.ok ? (r.json() as Promise<{ identityProvider: boolean }>) : null))
    .catch(() => null);
  state.identityProvider = status?.identityProvider ?? false;
  if (!state.identityProvider) return renderAll();
  const session = await openSession(null, () => {
    if (state.session?.api.signedInWithProvider) endSession('sessionExpired');
  }).catch(() => null);
  if (session) signedIn(session);
  else renderAll();
}

void boot();
