import { FLUSH_MS } from './limits.ts';
import { leika } from './sanitize.ts';
import { pathPattern } from './url.ts';

/**
 * Reads one option as the script tag's `data-*` attribute would hold it (`consent` → `"required"`,
 * lists comma-separated). The npm entry translates its `Config` into the same form, so the bundle of the
 * script tag carries one parser only.
 */
export type Option = (name: string) => string | null | undefined;

/* The configuration, normalised once by `configure` and read by every part of the SDK. */
export let site: string | null | undefined;
export let endpoint: string;
export let pageServiceDefault: string | undefined;
export let allowQuery: string[];
export let excluded: RegExp;
export let formSelector: string;
export let flushMs: number;

export const configure = (option: Option): void => {
  const list = (name: string): string[] => option(name)?.split(/[\s,]+/) || [];
  site = option('site');
  endpoint = option('endpoint') as string;
  pageServiceDefault = leika(option('service'));
  allowQuery = list('query');
  excluded = pathPattern(list('exclude'));
  formSelector = option('forms') || '[data-godonu-form]';
  flushMs = Number(option('flush')) || FLUSH_MS;
};
