/*
 * A stand-in for the Commission's API of the common data repository (Implementing Regulation (EU) 2020/1121,
 * Annex II), started by the tests on the loopback. It checks what the regulation and the API's published examples
 * require, independently of the api's own schemas: the provider's key, an identifier the stub issued, ISO 8601 UTC
 * times, nbEntries equal to the entries, two-letter countries, the API's device types and feedback answers, ratings
 * 1–5, and no free text. It answers a confirmation (200) or an alert (400 with the reasons), and remembers every
 * body, so a test sees a correction arrive under the same identifier.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

const utc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
const envelope = {
  uniqueId: z.string().min(1),
  referencePeriod: z.object({ startDate: utc, endDate: utc }).strict(),
  transferDate: utc,
  transferType: z.literal('API'),
  nbEntries: z.number().int().nonnegative(),
};
const statistics = z
  .object({
    ...envelope,
    sources: z.array(
      z
        .object({
          source: z
            .object({
              sourceUrl: z.url({ protocol: /^https?$/ }),
              statistics: z.array(
                z
                  .object({
                    deviceType: z.enum(['PC', 'Mobile', 'Tablet', 'Others']),
                    nbVisits: z.number().int().positive(),
                    originatingCountry: z.string().regex(/^[A-Z]{2}$/),
                  })
                  .strict(),
              ),
            })
            .strict(),
        })
        .strict(),
    ),
  })
  .strict()
  .refine((b) => b.nbEntries === b.sources.length, 'nbEntries must equal the number of sources');
const feedback = z
  .object({
    ...envelope,
    feedbacks: z.array(
      z
        .object({
          feedback: z
            .object({
              category: z.enum(['Information', 'Procedure', 'Assistance']),
              rating: z.number().int().min(1).max(5),
              source: z.url({ protocol: /^https?$/ }),
              foundInformation: z.enum(['Yes', 'No', 'Partly']).optional(),
            })
            // No `helpUsImprove`: an alternative tool must not transmit free text.
            .strict(),
        })
        .strict(),
    ),
  })
  .strict()
  .refine((b) => b.nbEntries === b.feedbacks.length, 'nbEntries must equal the number of feedbacks');

export interface ReceivedTransmission {
  dataset: 'statistics' | 'feedback';
  uniqueId: string;
  /** Whether a body under this identifier had been accepted before. */
  correction: boolean;
  accepted: boolean;
  body: unknown;
}

export interface SdgApiStub {
  url: string;
  received: ReceivedTransmission[];
  issued: string[];
  /** The next transmission is refused with this alert (once). */
  refuseNext(reason: string): void;
  close(): Promise<void>;
}

const PATHS = { '/information-services': 'statistics', '/feedbacks': 'feedback' } as const;

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSdgApiStub(apiKey: string): Promise<SdgApiStub> {
  const received: ReceivedTransmission[] = [];
  const issued: string[] = [];
  let refusal: string | null = null;
  const server: Server = createServer((req, res) => {
    const answer = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      if (req.headers['x-api-key'] !== apiKey) return answer(401, { alert: 'unknown API key' });
      if (req.method === 'GET' && req.url === '/unique-id') {
        const id = `SDG-TEST-${String(issued.length + 1).padStart(4, '0')}`;
        issued.push(id);
        return answer(200, { uniqueId: id });
      }
      const dataset = PATHS[req.url as keyof typeof PATHS];
      if (req.method !== 'POST' || !dataset) return answer(404, { alert: 'no such endpoint' });
      let json: unknown;
      try {
        json = JSON.parse(await bodyOf(req));
      } catch {
        return answer(400, { alert: 'the body is not JSON' });
      }
      const parsed = (dataset === 'statistics' ? statistics : feedback).safeParse(json);
      const uniqueId = (json as { uniqueId?: unknown }).uniqueId;
      const reasons = parsed.success
        ? []
        : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      if (typeof uniqueId === 'string' && !issued.includes(uniqueId))
        reasons.push(`uniqueId ${uniqueId} was not issued by this API`);
      if (refusal) reasons.push(refusal);
      refusal = null;
      const correction = received.some((r) => r.uniqueId === uniqueId && r.dataset === dataset && r.accepted);
      const accepted = reasons.length === 0;
      received.push({ dataset, uniqueId: String(uniqueId), correction, accepted, body: json });
      return accepted
        ? answer(200, { status: 'success', uniqueId, correction })
        : answer(400, { status: 'alert', alerts: reasons });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    issued,
    refuseNext: (reason) => {
      refusal = reason;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
