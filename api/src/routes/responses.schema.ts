import { z } from 'zod';

export const errorBody = z.object({
  error: z.string().describe('Stable error code, e.g. API_FORBIDDEN'),
  message: z.string(),
  details: z.unknown().optional(),
});

/** The error answers every authenticated route may give (documented once). */
export const errorResponses = {
  400: errorBody.describe('Invalid parameters; details.issues lists every zod issue'),
  401: errorBody.describe('Missing, unknown or revoked API key'),
  403: errorBody.describe('The key may not read this resource'),
  404: errorBody.describe('Unknown city or service'),
  503: errorBody.describe('The warehouse did not answer'),
};

const csvTable = z
  .string()
  .describe('One table as UTF-8 CSV: byte order mark, header row, CRLF lines; suppressed cells are empty');

/**
 * What a tabular route answers with 200: the report as JSON, or one of its tables as CSV (`?format=csv` or
 * `Accept: text/csv`). Errors are JSON whatever was asked for, so only the 200 names both media types.
 */
export function tabular<T extends z.ZodType>(report: T) {
  return {
    description: 'The report as JSON, or one of its tables as CSV',
    content: { 'application/json': { schema: report }, 'text/csv': { schema: csvTable } },
  };
}
