import type { Db } from '../db/database.ts';
import type { SealedSecret } from '../vault/vault.ts';
import { toMetaUser, type MetaUser } from './tokens.queries.ts';

/** A workspace's profile and its sealed token, in one statement. */
export async function profileWithSealedToken(db: Db, workspaceId: string, ref: { id: string } | { metaUserId: string }): Promise<{ metaUser: MetaUser; sealed: SealedSecret } | undefined> {
  let query = db
    .selectFrom('meta_users')
    .innerJoin('secrets', 'secrets.id', 'meta_users.secret_id')
    .selectAll('meta_users')
    .select(['secrets.key_id', 'secrets.nonce', 'secrets.ciphertext'])
    .where('meta_users.workspace_id', '=', workspaceId);
  query = 'id' in ref ? query.where('meta_users.id', '=', ref.id) : query.where('meta_users.meta_user_id', '=', ref.metaUserId);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const { key_id, nonce, ciphertext, ...profile } = row;
  return { metaUser: toMetaUser(profile), sealed: { keyId: key_id, nonce, ciphertext } };
}
