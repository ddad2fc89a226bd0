/*
 * Who did something the audit log records: an API key (its id and label, never the key), a person signed in
 * through the identity provider (a pseudonym), or the release command run on the server (the `--by` text its
 * operator gives).
 */
import type { KeyStore } from '../auth/key-store.ts';
import type { Principal, Role } from '../auth/roles.ts';

export interface Actor {
  /** API key id; empty for the command. */
  keyId: string;
  label: string;
  role: Role | 'command';
}

export const COMMAND_LABEL = 'release command';

/** The label of a person signed in through the identity provider, whose id is `oidc:<hash>` (no name is kept). */
export const SIGNED_IN_LABEL = 'signed in through the identity provider';

/** The key's label as the keys file has it now (a key's record stays in the file after revocation). */
export async function actorOf(p: Principal, keys: KeyStore): Promise<Actor> {
  if (p.keyId.startsWith('oidc:')) return { keyId: p.keyId, label: SIGNED_IN_LABEL, role: p.role };
  const record = (await keys.list()).find((k) => k.id === p.keyId);
  return { keyId: p.keyId, label: record?.label ?? '', role: p.role };
}

export function commandActor(by: string | undefined): Actor {
  return { keyId: '', label: by ?? COMMAND_LABEL, role: 'command' };
}
