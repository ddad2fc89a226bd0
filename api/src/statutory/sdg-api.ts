/*
 * The client of the Commission's API for the common data repository (Implementing Regulation (EU) 2020/1121,
 * Annex II): REST with JSON over HTTPS, one API key per data provider, an identifier per transmission issued by
 * the API before the data is sent, a confirmation or an alert as the answer (Art. 3(4)). The paths and the key
 * header below are the only places that name the API's interface: adjust them here to the Commission's published
 * description.
 */
import { createHash } from 'node:crypto';

export const SDG_API_PATHS = {
  uniqueId: '/unique-id',
  statistics: '/information-services',
  feedback: '/feedbacks',
} as const;
export const SDG_API_KEY_HEADER = 'x-api-key';
/** An answer that takes longer is treated as none: the transmission is recorded as failed and can be sent again. */
const TIMEOUT_MS = 30_000;
/** What of an alert is kept: enough to read the reason, not an unbounded body. */
const MAX_MESSAGE = 2000;

export interface SdgApi {
  uniqueId(): Promise<string>;
  send(dataset: 'statistics' | 'feedback', body: object): Promise<SdgAnswer>;
}

export interface SdgAnswer {
  status: 'accepted' | 'alert' | 'failed';
  httpStatus: number;
  message: string;
  bodySha256: string;
}

export function sdgApi(baseUrl: string, apiKey: string): SdgApi {
  const base = baseUrl.replace(/\/+$/, '');
  const headers = { [SDG_API_KEY_HEADER]: apiKey, accept: 'application/json' };
  return {
    async uniqueId() {
      const res = await fetch(`${base}${SDG_API_PATHS.uniqueId}`, {
        headers,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await res.text();
      if (!res.ok)
        throw new Error(`the API refused an identifier: HTTP ${res.status} ${text.slice(0, MAX_MESSAGE)}`);
      const id = (JSON.parse(text) as { uniqueId?: unknown }).uniqueId;
      if (typeof id !== 'string' || id.length === 0 || id.length > 200)
        throw new Error(`the API answered no identifier: ${text.slice(0, MAX_MESSAGE)}`);
      return id;
    },
    async send(dataset, body) {
      const json = JSON.stringify(body);
      const bodySha256 = createHash('sha256').update(json).digest('hex');
      try {
        const res = await fetch(`${base}${SDG_API_PATHS[dataset]}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: json,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        const text = (await res.text()).slice(0, MAX_MESSAGE);
        return { status: res.ok ? 'accepted' : 'alert', httpStatus: res.status, message: text, bodySha256 };
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        const message = `${err instanceof Error ? err.message : String(err)}${cause ? ` (${cause})` : ''}`;
        return { status: 'failed', httpStatus: 0, message, bodySha256 };
      }
    },
  };
}
