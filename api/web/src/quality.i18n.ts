/*
 * The texts of the admins' view "Datenqualität", German and English with the same keys. What the numbers mean is
 * defined by the api (api/src/reports/quality.ts, api/README.md "Data quality").
 */
import type { Language } from './i18n.ts';

const de = {
  nav: 'Datenqualität',
  title: 'Datenqualität',
  lead: 'Was Erfassung und Verarbeitung je Stadt und Tag gezählt haben: gespeicherte Ereignisse, bewusst verworfene Ereignisse nach Grund und ihr Anteil, nicht verarbeitbare Datensätze (Dead Letters), abgewiesene Anfragen und die Verzögerung bis zur Speicherung. Ein Tag ohne Ereignisse nach Tagen mit Ereignissen oder mit mehr als der Hälfte verworfener Ereignisse ist markiert: Dann ist die Einbindung zu prüfen.',
  periodLabel: 'Zeitraum',
  periods: { 7: 'Letzte 7 Tage', 14: 'Letzte 14 Tage', 30: 'Letzte 30 Tage' } as Record<number, string>,
  show: 'Anzeigen',
  csvLabel: 'Datenqualität',
  tableHeading: 'Je Stadt und Tag',
  cityHeading: (city: string) => city,
  unattributed: 'Keiner Stadt zugeordnet',
  unattributedIntro:
    'Anfragen, die die Erfassung keiner eingerichteten Stadt zuordnen konnte (z. B. unbekannte Adressen, Ratenlimit je Gerät).',
  columns: {
    day: 'Tag',
    accepted: 'Gespeichert',
    dropped: 'Verworfen',
    reasons: 'Gründe',
    deadLetters: 'Dead Letters',
    refused: 'Abgewiesene Anfragen',
    lag: 'Verzögerung Ø / max',
    check: 'Hinweis',
  },
  share: (count: string, share: string) => `${count} (${share})`,
  none: '–',
  lag: (mean: string, max: string) => `${mean} / ${max}`,
  checks: {
    accepted_fell_to_zero: 'Einbindung prüfen: keine Ereignisse mehr',
    dropped_over_half: 'Einbindung prüfen: über die Hälfte verworfen',
  },
  reasons: {
    bot: 'Bots',
    headless_browser: 'Headless-Browser',
    missing_user_agent: 'ohne Browserkennung',
    global_privacy_control: 'Widerspruch (GPC)',
    do_not_track: 'Widerspruch (Do Not Track)',
    invalid_event: 'ungültig',
    duplicate_event: 'doppelt',
    foreign_host: 'fremde Website',
    COLLECTOR_RATE_LIMITED: 'Ratenlimit',
    COLLECTOR_UNKNOWN_SITE: 'unbekannte Stadt',
    COLLECTOR_ORIGIN_NOT_ALLOWED: 'Website nicht freigegeben',
  } as Record<string, string>,
};

export type QualityTexts = typeof de;

const en: QualityTexts = {
  nav: 'Data quality',
  title: 'Data quality',
  lead: 'What collection and processing counted per city and day: events stored, events dropped on purpose by reason and their share, records that could not be processed (dead letters), refused requests and the delay until storage. A day without events after days with events, or with more than half the events dropped, is marked: then the embed needs checking.',
  periodLabel: 'Period',
  periods: { 7: 'Last 7 days', 14: 'Last 14 days', 30: 'Last 30 days' },
  show: 'Show',
  csvLabel: 'Data quality',
  tableHeading: 'Per city and day',
  cityHeading: (city: string) => city,
  unattributed: 'Not attributed to a city',
  unattributedIntro:
    'Requests the collector could attribute to no configured city (e.g. unknown addresses, rate limit per device).',
  columns: {
    day: 'Day',
    accepted: 'Stored',
    dropped: 'Dropped',
    reasons: 'Reasons',
    deadLetters: 'Dead letters',
    refused: 'Refused requests',
    lag: 'Delay mean / max',
    check: 'Note',
  },
  share: (count: string, share: string) => `${count} (${share})`,
  none: '–',
  lag: (mean: string, max: string) => `${mean} / ${max}`,
  checks: {
    accepted_fell_to_zero: 'Check the embed: no more events',
    dropped_over_half: 'Check the embed: over half dropped',
  },
  reasons: {
    bot: 'bots',
    headless_browser: 'headless browsers',
    missing_user_agent: 'no browser identification',
    global_privacy_control: 'opt-out (GPC)',
    do_not_track: 'opt-out (Do Not Track)',
    invalid_event: 'invalid',
    duplicate_event: 'duplicate',
    foreign_host: 'foreign website',
    COLLECTOR_RATE_LIMITED: 'rate limit',
    COLLECTOR_UNKNOWN_SITE: 'unknown city',
    COLLECTOR_ORIGIN_NOT_ALLOWED: 'website not allowed',
  },
};

export const QUALITY_TEXTS: Record<Language, QualityTexts> = { de, en };
