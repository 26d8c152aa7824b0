import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { Vault, VaultError } from './vault.ts';

/** Encrypts and stores a secret; returns its id. Works inside or outside a transaction. */
export async function storeSecret(db: Db, vault: Vault, plaintext: string): Promise<string> {
  const id = randomUUID();
  const sealed = vault.seal(plaintext, id);
  await db.insertInto('secrets').values({ id, key_id: sealed.keyId, nonce: sealed.nonce, ciphertext: sealed.ciphertext }).execute();
  return id;
}

export async function readSecret(db: Db, vault: Vault, id: string): Promise<string> {
  const row = await db.selectFrom('secrets').select(['key_id', 'nonce', 'ciphertext']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new VaultError('secret_not_found', `secret ${id} does not exist`);
  return vault.open({ keyId: row.key_id, nonce: row.nonce, ciphertext: row.ciphertext }, id);
}

export async function replaceSecret(db: Db, vault: Vault, id: string, plaintext: string): Promise<void> {
  const sealed = vault.seal(plaintext, id);
  await db
    .updateTable('secrets')
    .set({ key_id: sealed.keyId, nonce: sealed.nonce, ciphertext: sealed.ciphertext, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function deleteSecret(db: Db, id: string): Promise<void> {
  await db.deleteFrom('secrets').where('id', '=', id).execute();
}

/**
 * Re-encrypts every secret not under the newest key, in small batches, each its own transaction.
 * Resumable (a stop loses at most one batch of work, never a secret) and idempotent (a second run
 * finds nothing to do). A row that was updated meanwhile is skipped by the key-id guard.
 */
export async function rotateSecrets(db: Db, vault: Vault, batchSize = 200): Promise<{ rotated: number; remaining: number }> {
  let rotated = 0;
  for (;;) {
    const batch = await db
      .selectFrom('secrets')
      .select(['id', 'key_id', 'nonce', 'ciphertext'])
      .where('key_id', '<>', vault.newestKeyId)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (batch.length === 0) break;
    await db.transaction().execute(async (trx) => {
      for (const row of batch) {
        const plaintext = vault.open({ keyId: row.key_id, nonce: row.nonce, ciphertext: row.ciphertext }, row.id);
        const sealed = vault.seal(plaintext, row.id);
        const result = await trx
          .updateTable('secrets')
          .set({ key_id: sealed.keyId, nonce: sealed.nonce, ciphertext: sealed.ciphertext, updated_at: new Date() })
          .where('id', '=', row.id)
          .where('key_id', '=', row.key_id)
          .executeTakeFirst();
        rotated += Number(result.numUpdatedRows);
      }
    });
  }
  const left = await db.selectFrom('secrets').select((eb) => eb.fn.countAll<number>().as('n')).where('key_id', '<>', vault.newestKeyId).executeTakeFirstOrThrow();
  return { rotated, remaining: Number(left.n) };
}
