import { start } from './start.ts';
import type { Config, Godonu, Options } from './types.ts';

export type { Config, FeedbackContext, FoundAnswer, Godonu, Props, Rating } from './types.ts';

let instance: Godonu | undefined;

/**
 * Starts the SDK with `config` and returns its API. The SDK runs once per page: later calls return the first
 * instance. Do not combine it with the script tag on the same page.
 */
export const init = (config: Config): Godonu => {
  // The same option strings as the script tag's data attributes.
  const options: Options = {
    site: config.site,
    endpoint: config.endpoint,
    service: config.service,
    auto: config.auto === false ? 'false' : undefined,
    exclude: config.exclude?.join(),
    consent: config.consent ? 'required' : undefined,
    query: config.query?.join(),
    forms: config.forms,
    flush: config.flushMs?.toString(),
  };
  instance ||= start(options);
  return instance;
};
