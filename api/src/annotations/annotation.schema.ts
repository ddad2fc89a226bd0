/*
 * What an annotation is on the wire: the body a city's team writes, the annotation as the api answers it, and the
 * list's query. The same schemas validate requests (400 with every issue) and make the OpenAPI document, so the
 * document states the text rule exactly as the api applies it.
 */
import { leikaKey, siteKey } from '@godonu/contract';
import { z } from 'zod';
import { formatParam, isoDay, MAX_PERIOD_DAYS } from '../routes/params.schema.ts';
import { characters, MAX_TEXT_CHARACTERS, TEXT_PATTERN, wellFormed } from './annotation-text.ts';

export const annotationText = z
  .string()
  .regex(TEXT_PATTERN, 'must hold a character other than a space, and no control characters or line breaks')
  .refine(wellFormed, { message: 'must be Unicode text (a lone surrogate is not)' })
  .refine((s) => characters(s) <= MAX_TEXT_CHARACTERS, {
    message: `must be at most ${MAX_TEXT_CHARACTERS} characters`,
  })
  .meta({ maxLength: MAX_TEXT_CHARACTERS })
  .describe(
    `The note, 1–${MAX_TEXT_CHARACTERS} characters; spaces around it are removed. No control characters, line breaks or bidirectional controls. Other cities read it when it is shared: write no personal data.`,
  );

/** The body of POST and PUT; `service` is one of the catalog's keys (an unknown one is refused with 400). */
export function annotationInput(catalog: readonly string[]) {
  return z
    .object({
      day: isoDay.describe('The calendar day the note is about (Europe/Berlin), YYYY-MM-DD'),
      service: z
        .enum(catalog as [string, ...string[]])
        .nullable()
        .default(null)
        .describe('LeiKa key of a service of the catalog; null or left out: the whole portal'),
      text: annotationText,
      shared: z
        .boolean()
        .default(false)
        .describe('Other cities and the consortium may read it; default false: the city and admins only'),
    })
    .strict();
}
export type AnnotationInput = z.output<ReturnType<typeof annotationInput>>;

export const annotation = z.object({
  id: z.uuid(),
  city: z.string(),
  day: z.iso.date(),
  service: leikaKey.nullable().describe('LeiKa key; null: the whole portal'),
  text: z.string(),
  shared: z.boolean(),
  createdAt: z.iso.datetime().describe('ISO 8601, UTC'),
  updatedAt: z.iso.datetime().describe('ISO 8601, UTC: the last edit'),
  createdBy: z
    .string()
    .nullable()
    .describe('Id of the API key that created it (never a person); null for other cities and the consortium'),
  updatedBy: z.string().nullable().describe('Id of the API key of the last edit; null as createdBy'),
});
export type Annotation = z.infer<typeof annotation>;

export const annotationList = z.object({
  city: z.string(),
  access: z
    .enum(['full', 'shared'])
    .describe(
      'full: every annotation (the city itself, admins); shared: those the city shared (everyone else)',
    ),
  period: z.object({ from: z.iso.date(), to: z.iso.date(), days: z.number().int() }),
  service: leikaKey
    .nullable()
    .describe("The service asked for: its annotations and the whole portal's; null: every annotation"),
  annotations: z.array(annotation).describe('By day, then by creation'),
});
export type AnnotationList = z.infer<typeof annotationList>;

export const annotationParams = z.object({
  city: siteKey.describe('City key, e.g. giessen'),
  id: z.guid().describe('The annotation id'),
});

export const annotationQuery = z
  .object({
    from: isoDay.optional().describe('First day; default: 30 days up to `to`'),
    to: isoDay.optional().describe('Last day (inclusive); default: today (Europe/Berlin)'),
    service: leikaKey
      .optional()
      .describe(
        "LeiKa key: this service's annotations and the whole portal's, as its charts show them; default: all",
      ),
    format: formatParam,
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.from === undefined || q.to === undefined) return;
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', message: '`to` must not be before `from`', path: ['to'] });
    if (days > MAX_PERIOD_DAYS)
      ctx.addIssue({
        code: 'custom',
        message: `a period spans at most ${MAX_PERIOD_DAYS} days`,
        path: ['to'],
      });
  });
