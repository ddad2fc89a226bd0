/*
 * API keys live in a small JSON file, hashed (SHA-256), never in clear. A file rather than a ClickHouse table because
 * (a) authentication must keep answering 401/403 correctly while the warehouse is down or being migrated, (b) access
 * secrets stay out of the analytics database that analysts and exports read, and (c) it needs no schema migration:
 * mount it as a secret/volume in production. The server re-reads the file when its mtime changes, so `keys revoke`
 * takes effect on the next request without a restart.
 */
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { generateKey, hashKey, keyId } from './api-key.ts';
import { ROLES } from './roles.ts';

const storedKey = z
  .object({
    id: z.string().regex(/^[0-9a-f]{8}$/),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    role: z.enum(ROLES),
    city: z.string().nullable(),
    label: z.string().max(200),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .strict();
const keyFile = z.object({ version: z.literal(1), keys: z.array(storedKey) }).strict();

export type StoredKey = z.infer<typeof storedKey>;
export interface KeySpec {
  role: StoredKey['role'];
  city: string | null;
  label: string;
}

export class KeyStore {
  private cache: { version: string; byHash: Map<string, StoredKey> } | undefined;

  constructor(readonly file: string) {}

  /** The active (not revoked) key record for a presented key, or undefined. */
  async find(presented: string): Promise<StoredKey | undefined> {
    if (keyId(presented) === undefined) return undefined;
    const byHash = await this.index();
    const found = byHash.get(hashKey(presented));
    return found && found.revokedAt === null ? found : undefined;
  }

  async list(): Promise<StoredKey[]> {
    return (await this.read()).keys;
  }

  /** Creates a key and returns it in clear: the only moment it exists outside its holder's hands. */
  async create(spec: KeySpec, now = new Date()): Promise<{ key: string; record: StoredKey }> {
    const file = await this.read();
    const created = this.newKey(spec, now);
    await this.write({ version: 1, keys: [...file.keys, created.record] });
    return created;
  }

  /**
   * Revokes every active key that carries `label` and creates one key per spec with that label, in one write: how
   * `npm start` renews its demo keys on each run while every other key in the file stays as it is.
   */
  async renewLabelled(
    label: string,
    specs: Omit<KeySpec, 'label'>[],
    now = new Date(),
  ): Promise<{ created: { key: string; record: StoredKey }[]; revoked: number }> {
    const file = await this.read();
    let revoked = 0;
    for (const k of file.keys) {
      if (k.label === label && k.revokedAt === null) {
        k.revokedAt = now.toISOString();
        revoked += 1;
      }
    }
    const created = specs.map((spec) => this.newKey({ ...spec, label }, now));
    await this.write({ version: 1, keys: [...file.keys, ...created.map((c) => c.record)] });
    return { created, revoked };
  }

  /** Marks a key revoked (kept for the audit trail); false when no active key has that id. */
  async revoke(id: string, now = new Date()): Promise<boolean> {
    const file = await this.read();
    const target = file.keys.find((k) => k.id === id && k.revokedAt === null);
    if (!target) return false;
    target.revokedAt = now.toISOString();
    await this.write(file);
    return true;
  }

  private newKey(spec: KeySpec, now: Date): { key: string; record: StoredKey } {
    if ((spec.role === 'city') !== (spec.city !== null)) {
      throw new Error('a city key needs exactly one city; consortium and admin keys have none');
    }
    const { id, key, sha256 } = generateKey();
    const record: StoredKey = {
      id,
      sha256,
      role: spec.role,
      city: spec.city,
      label: spec.label,
      createdAt: now.toISOString(),
      revokedAt: null,
    };
    return { key, record };
  }

  private async index(): Promise<Map<string, StoredKey>> {
    // mtime and size together: two writes within one timestamp tick still differ in size (a revocation adds a date).
    const version = await stat(this.file).then(
      (s) => `${s.mtimeMs}:${s.size}`,
      () => 'absent',
    );
    if (this.cache?.version !== version) {
      const keys = version === 'absent' ? [] : (await this.read()).keys;
      this.cache = { version, byHash: new Map(keys.map((k) => [k.sha256, k])) };
    }
    return this.cache.byHash;
  }

  private async read(): Promise<z.infer<typeof keyFile>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, keys: [] };
      throw err;
    }
    const parsed = keyFile.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`invalid key file ${this.file}:\n${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  private async write(content: z.infer<typeof keyFile>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    // Write beside, then rename: a reader never sees a half-written file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }
}
