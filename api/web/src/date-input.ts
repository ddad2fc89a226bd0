/*
 * Dates typed as text in the UI language's order (TT.MM.JJJJ, DD/MM/YYYY) rather than <input type="date">: the
 * native picker shows the browser's locale, not the page's, and its keyboard and screen-reader support varies.
 */
import type { Language } from './i18n.ts';

const SEPARATOR: Record<Language, string> = { de: '.', en: '/' };
const TYPED = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$/;
const ISO = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/;

/** An ISO day as the UI shows it in a date field: "02.03.2025" or "02/03/2025". */
export function toDateField(iso: string, lang: Language): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  const sep = SEPARATOR[lang];
  return `${d}${sep}${m}${sep}${y}`;
}

/** The ISO day a typed date means (day first in both languages, ISO accepted too); null if it is no real date. */
export function fromDateField(text: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  const typed = TYPED.exec(text);
  const iso = ISO.exec(text);
  if (typed) [d, m, y] = [Number(typed[1]), Number(typed[2]), Number(typed[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}
