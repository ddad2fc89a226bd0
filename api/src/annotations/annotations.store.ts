/*
 * Reading and writing annotations (0011_annotations.sql). Every change is one insert of a whole new version: a new
 * annotation, an edit or a deletion. A version is numbered by the time it is written, and always above the version
 * before it, so that of two changes one after the other the second is in force even when the clock stands still or
 * steps back.
 */
import { randomUUID } from 'node:crypto';
import { type AnnotationRow, annotationQuery, annotationsQuery } from '../queries/annotations.query.ts';
import { clickhouseTime, type Warehouse } from '../warehouse.ts';
import type { Annotation, AnnotationInput } from './annotation.schema.ts';
import { storedText } from './annotation-text.ts';

/** An instant as the table stores it, read back as ISO 8601 UTC. */
function isoTime(stored: string): string {
  return `${stored.replace(' ', 'T')}Z`;
}

/** `full`: with the ids of the keys that wrote it, which only the city itself and admins are shown. */
export function annotationOf(r: AnnotationRow, full: boolean): Annotation {
  return {
    id: r.id,
    city: r.site,
    day: r.day,
    service: r.service === '' ? null : r.service,
    text: r.text,
    shared: r.shared,
    createdAt: isoTime(r.created_at),
    updatedAt: isoTime(r.updated_at),
    createdBy: full ? r.created_by : null,
    updatedBy: full ? r.updated_by : null,
  };
}

/**
 * A city's annotations over the days `from`..`to` (inclusive), by day: with `service`, that service's and the whole
 * portal's (as its charts show them); with `sharedOnly`, those the city shared (what anyone but the city itself
 * and admins may read), then without the key ids.
 */
export async function readAnnotations(
  w: Warehouse,
  city: string,
  from: string,
  to: string,
  opts: { sharedOnly: boolean; service?: string | null },
): Promise<Annotation[]> {
  const rows = await w.rows(
    annotationsQuery({
      site: city,
      firstDay: from,
      lastDay: to,
      service: opts.service ?? null,
      sharedOnly: opts.sharedOnly,
    }),
  );
  return rows.map((r) => annotationOf(r, !opts.sharedOnly));
}

/** The annotation of a city as it is in force; null when the city has none of this id or it was deleted. */
export async function findAnnotation(w: Warehouse, city: string, id: string): Promise<AnnotationRow | null> {
  const [row] = await w.rows(annotationQuery({ site: city, id: id.toLowerCase() }));
  return row && !row.deleted ? row : null;
}

/** The first version of a new annotation. */
export function createdVersion(city: string, input: AnnotationInput, keyId: string, at: Date): AnnotationRow {
  const time = clickhouseTime(at);
  return {
    id: randomUUID(),
    site: city,
    day: input.day,
    service: input.service ?? '',
    text: storedText(input.text),
    shared: input.shared,
    created_at: time,
    updated_at: time,
    created_by: keyId,
    updated_by: keyId,
    version: at.getTime(),
    deleted: false,
  };
}

/** The version after `current`: an edit (`input`) or, without one, the deletion. */
export function nextVersion(
  current: AnnotationRow,
  input: AnnotationInput | null,
  keyId: string,
  at: Date,
): AnnotationRow {
  const version = Math.max(at.getTime(), current.version + 1);
  const changed = input
    ? { day: input.day, service: input.service ?? '', text: storedText(input.text), shared: input.shared }
    : {};
  return {
    ...current,
    ...changed,
    updated_at: clickhouseTime(new Date(version)),
    updated_by: keyId,
    version,
    deleted: input === null,
  };
}

export async function writeVersion(w: Warehouse, r: AnnotationRow): Promise<void> {
  const { id, ...columns } = r;
  await w.insert('annotations', [{ annotation_id: id, ...columns }]);
}
