import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CsvTable, toCsv } from './csv.ts';

/** CSV when asked by `?format=csv`, or by an Accept header that prefers text/csv over JSON. */
export function wantsCsv(req: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  const accept = req.headers.accept ?? '';
  return /\btext\/csv\b/.test(accept) && !/\bapplication\/json\b/.test(accept);
}

/** Answers the report as JSON, or one of its tables as a CSV download named after `filename`. */
export function sendReport<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: { format: 'json' | 'csv' | undefined; report: T; csv: () => CsvTable; filename: string },
): FastifyReply {
  if (!wantsCsv(req, opts.format)) return reply.send(opts.report);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${opts.filename}.csv"`)
    .send(toCsv(opts.csv()));
}
