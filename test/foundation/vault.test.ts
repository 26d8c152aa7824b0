import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { loadOrCreateKeyFile, parseKeys } from '../../src/vault/keys.ts';
import { readSecret, rotateSecrets, storeSecret } from '../../src/vault/secrets.queries.ts';
import { Vault, VaultError } from '../../src/vault/vault.ts';
import { createTestDatabase } from '../helpers/db.ts';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('vault', () => {
  const oldSpec = key('old');
  const newSpec = key('new');

  it('round-trips with a fresh nonce each time', () => {
    const vault = new Vault(parseKeys(oldSpec));
    const a = vault.seal('secret value', 'row-1');
    const b = vault.seal('secret value', 'row-1');
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(Buffer.from(a.nonce, 'base64')).toHaveLength(12);
    expect(a.keyId).toBe('old');
    expect(vault.open(a, 'row-1')).toBe('secret value');
  });

  it('fails loudly on tampering, on a ciphertext moved to another row, and on an unknown key', () => {
    const vault = new Vault(parseKeys(oldSpec));
    const sealed = vault.seal('secret value', 'row-1');
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    expect(() => vault.open({ ...sealed, ciphertext: bytes.toString('base64') }, 'row-1')).toThrow(VaultError);
    expect(() => vault.open(sealed, 'row-2')).toThrow(/failed authentication/);
    expect(() => new Vault(parseKeys(newSpec)).open(sealed, 'row-1')).toThrow(/not configured/);
  });

  it.each(['', 'nokey', 'a:short', 'bad id!:' + randomBytes(32).toString('base64'), `${key('x')},${key('x')}`])('rejects key spec %s', (spec) => {
    expect(() => parseKeys(spec)).toThrow();
  });

  it('generates a key file with mode 0600 once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wevion-keys-'));
    const first = loadOrCreateKeyFile(dir);
    const second = loadOrCreateKeyFile(dir);
    expect(first.generated).toBe(true);
    expect(second.generated).toBe(false);
    expect(second.keys[0]?.key.equals(first.keys[0]!.key)).toBe(true);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
  });

  describe('rotation', () => {
    let database: Database;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(() => database.close());

    it('re-encrypts every secret under the newest key, resumably and idempotently', async () => {
      const oldVault = new Vault(parseKeys(oldSpec));
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) ids.push(await storeSecret(database.db, oldVault, `token-${i}`));
      const rotating = new Vault(parseKeys(`${newSpec},${oldSpec}`));
      // A small batch size shows that work proceeds batch by batch (what a resumed run relies on).
      const first = await rotateSecrets(database.db, rotating, 10);
      expect(first).toEqual({ rotated: 25, remaining: 0 });
      const again = await rotateSecrets(database.db, rotating, 10);
      expect(again).toEqual({ rotated: 0, remaining: 0 });
      const newOnly = new Vault(parseKeys(newSpec));
      for (const [i, id] of ids.entries()) expect(await readSecret(database.db, newOnly, id)).toBe(`token-${i}`);
      const raw = await database.db.selectFrom('secrets').select(['key_id', 'ciphertext']).execute();
      expect(raw.every((row) => row.key_id === 'new')).toBe(true);
      expect(raw.some((row) => row.ciphertext.includes('token-'))).toBe(false);
    });
  });
});
