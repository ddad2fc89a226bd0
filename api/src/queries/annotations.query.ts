/*
 * Annotations in force (0011_annotations.sql): per (site, annotation_id) the row of the highest version, read with
 * FINAL. Every filter but the site is applied after FINAL has picked that row: filtered before, an edit that moved
 * a note out of the period would leave its older version in it. The period's parameters are not named `from`/`to`
 * on purpose: the result cache keeps answers over closed days for a while, and an edit must show at once.
 */
import { defineQuery, param, type Query, type Sql, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { WRITABLE_TABLES } from '../warehouse.ts';
import { count } from './columns.ts';

export const annotationRow = z
  .object({
    id: z.string(),
    site: z.string(),
    day: z.iso.date(),
    /** LeiKa key; '' for the whole portal. */
    service: z.string(),
    text: z.string(),
    shared: z.boolean(),
    /** `YYYY-MM-DD hh:mm:ss.sss`, UTC. */
    created_at: z.string(),
    updated_at: z.string(),
    created_by: z.string(),
    updated_by: z.string(),
    version: count,
    deleted: z.boolean(),
  })
  .strict();
export type AnnotationRow = z.output<typeof annotationRow>;

/** The newest version of every annotation of one city, deleted ones included, filtered by `where` after FINAL. */
function inForce(site: string, where: Sql): Sql {
  return sql`
SELECT toString(annotation_id) AS id, toString(site) AS site, toString(day) AS day, toString(service) AS service,
       text, shared, toString(created_at) AS created_at, toString(updated_at) AS updated_at, created_by, updated_by,
       version, deleted
FROM (
  SELECT * FROM (SELECT * FROM ${WRITABLE_TABLES.annotations} FINAL WHERE site = ${param.string('site', site)})
  WHERE ${where}
)
ORDER BY day, created_at, id`;
}

/**
 * A city's annotations of a period that are not deleted: with `service`, that service's and the whole portal's;
 * with `sharedOnly`, only those the city shared.
 */
export function annotationsQuery(p: {
  site: string;
  firstDay: string;
  lastDay: string;
  service: string | null;
  sharedOnly: boolean;
}): Query<AnnotationRow> {
  const service =
    p.service === null ? sql`` : sql`AND service IN ('', ${param.string('service', p.service)})`;
  const shared = p.sharedOnly ? sql`AND shared` : sql``;
  return defineQuery(
    'annotations',
    inForce(
      p.site,
      sql`NOT deleted AND day BETWEEN ${param.date('firstDay', p.firstDay)} AND ${param.date('lastDay', p.lastDay)}
    ${service} ${shared}`,
    ),
    annotationRow,
  );
}

/** One annotation of a city as it is in force, deleted or not; none if the city never had it. */
export function annotationQuery(p: { site: string; id: string }): Query<AnnotationRow> {
  return defineQuery(
    'annotation',
    inForce(p.site, sql`annotation_id = toUUIDOrZero(${param.string('id', p.id)})`),
    annotationRow,
  );
}
