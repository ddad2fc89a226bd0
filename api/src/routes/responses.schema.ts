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

/** What a tabular route answers: JSON, or one of its tables as CSV (`?format=csv` or `Accept: text/csv`). */
export const TABULAR = ['application/json', 'text/csv'];
