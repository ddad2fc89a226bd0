/*
 * Releases in ClickHouse (open_data_releases_v1): written once, never updated, read as the bytes stored. A file
 * once read is kept in memory for good (it cannot change); the list of releases is kept for a few seconds of the
 * api's clock, and at once renewed after a release is added here.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../audit/actor.ts';
import { releaseCreationQuery, releaseFileQuery, releaseListQuery } from '../queries/releases.query.ts';
import { clickhouseTime, type Warehouse } from '../warehouse.ts';
import { type ReleaseFile, type ReleaseMeta, releaseMeta } from './release-document.ts';

/** How long the list of releases is reused: a release added by another api process shows within this time. */
export const RELEASE_LIST_TTL_MS = 5_000;
/** Files kept in memory; a release has four of a few kilobytes each. */
const MAX_CACHED_FILES = 512;

export interface NewRelease {
  meta: ReleaseMeta;
  files: Record<ReleaseFile, string>;
  actor: Actor;
  epsilonPerVisitorDay: number;
}

export class ReleaseStore {
  readonly #files = new Map<string, string>();
  #list: { at: number; metas: Promise<ReleaseMeta[]> } | null = null;

  constructor(
    private readonly warehouse: Warehouse,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Every release, newest month first. */
  list(): Promise<ReleaseMeta[]> {
    const now = this.clock();
    if (this.#list && now - this.#list.at < RELEASE_LIST_TTL_MS) return this.#list.metas;
    const metas = this.#read();
    const entry = { at: now, metas };
    this.#list = entry;
    metas.catch(() => {
      if (this.#list === entry) this.#list = null;
    });
    return metas;
  }

  async find(month: string): Promise<ReleaseMeta | null> {
    return (await this.list()).find((m) => m.release === month) ?? null;
  }

  /** A file of a release exactly as stored, or null when there is no such release or file. */
  async file(month: string, name: ReleaseFile): Promise<string | null> {
    const id = `${month}/${name}`;
    const cached = this.#files.get(id);
    if (cached !== undefined) return cached;
    const body = await this.#readFile(month, name);
    if (body === null) return null;
    if (this.#files.size >= MAX_CACHED_FILES) this.#files.delete(this.#files.keys().next().value as string);
    this.#files.set(id, body);
    return body;
  }

  /**
   * Stores a new release; false when the month had one already, or another process stored one at the same time
   * (ClickHouse keeps the first insert of a month's token and drops the other).
   */
  async add(r: NewRelease): Promise<boolean> {
    if ((await this.#creation(r.meta.release)) !== null) return false;
    const creationId = randomUUID();
    await this.warehouse.insert(
      'releases',
      [
        {
          month: r.meta.release,
          created_at: clickhouseTime(new Date(r.meta.createdAt)),
          creation_id: creationId,
          key_id: r.actor.keyId,
          actor: r.actor.label,
          role: r.actor.role,
          k: r.meta.disclosure.k,
          epsilon_per_cell: r.meta.disclosure.epsilonPerCell,
          policy_version: r.meta.disclosure.policyVersion,
          epsilon_per_visitor_day: r.epsilonPerVisitorDay,
          meta: JSON.stringify(r.meta),
          files: r.files,
        },
      ],
      { deduplicationToken: `open-data-release:${r.meta.release}` },
    );
    this.#list = null;
    // Whichever attempt's row is stored now is the release: ours only if it carries our id (two attempts at the
    // same instant compute the same bytes, so the bytes cannot tell).
    return (await this.#creation(r.meta.release)) === creationId;
  }

  /** The creation id of the month's release; null when there is none. */
  async #creation(month: string): Promise<string | null> {
    const rows = await this.warehouse.rows(releaseCreationQuery(month));
    return rows[0]?.creation_id ?? null;
  }

  async #read(): Promise<ReleaseMeta[]> {
    const rows = await this.warehouse.rows(releaseListQuery());
    return rows.map((r) => releaseMeta.parse(JSON.parse(r.meta)));
  }

  async #readFile(month: string, file: ReleaseFile): Promise<string | null> {
    const rows = await this.warehouse.rows(releaseFileQuery({ month, file }));
    const row = rows[0];
    return row && row.present === 1 ? row.body : null;
  }
}
