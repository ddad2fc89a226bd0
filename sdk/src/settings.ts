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
export let option: Option;
export let endpoint: string;
export let allowQuery: string[];
export let excluded: RegExp;
export let formSelector: string;
export let flushMs: number;

const list = (name: string): string[] => option(name)?.split(/[\s,]+/) || [];

export const configure = (o: Option): void => {
  option = o;
  endpoint = o('endpoint') as string;
  allowQuery = list('query');
  excluded = pathPattern(list('exclude'));
  formSelector = o('forms') || '[data-godonu-form]';
  flushMs = +(o('flush') as string) || FLUSH_MS;
};

/** The script's `data-service`: the service of pages that do not name one. */
export const defaultService = (): string => leika(option('service'));
