import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export class KeyConfigError extends Error {
  readonly code = 'invalid_encryption_keys';
}

/** What a key id may be: it is stored beside every secret it encrypts. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Why `id` cannot name a key, or undefined when it can. */
export function keyIdProblem(id: string): string | undefined {
  return KEY_ID.test(id) ? undefined : `key id "${id}" must be 1-32 letters, digits, _ or -`;
}

/** Parses `kid:base64key,kid:base64key` (newest first). Each key must be 32 bytes. */
export function parseKeys(spec: string): EncryptionKey[] {
  const keys = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const separator = part.indexOf(':');
      if (separator <= 0) throw new KeyConfigError('TOKEN_ENCRYPTION_KEYS: each entry must be kid:base64key');
      const id = part.slice(0, separator);
      const problem = keyIdProblem(id);
      if (problem) throw new KeyConfigError(`TOKEN_ENCRYPTION_KEYS: ${problem}`);
      const key = Buffer.from(part.slice(separator + 1), 'base64');
      if (key.length !== 32) throw new KeyConfigError(`TOKEN_ENCRYPTION_KEYS: key "${id}" must decode to 32 bytes (got ${key.length})`);
      return { id, key };
    });
  if (keys.length === 0) throw new KeyConfigError('TOKEN_ENCRYPTION_KEYS: no key given');
  // Secrets name the key that sealed them: two keys under one id would leave it to chance which
  // one is tried, and a secret sealed under the other would not open.
  const seen = new Set<string>();
  for (const { id } of keys) {
    if (seen.has(id)) throw new KeyConfigError(`TOKEN_ENCRYPTION_KEYS: key id "${id}" appears twice; ids must be unique (\`wevion keys generate\` makes a new id each time)`);
    seen.add(id);
  }
  return keys;
}

/**
 * A new key id: the day, then a random suffix (`k20261206-3f9a1c`), so two keys made the same day
 * never share one. 16 characters, within what TOKEN_ENCRYPTION_KEYS accepts.
 */
export function newKeyId(now = new Date()): string {
  return `k${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
}

/** A `kid:base64key` entry for TOKEN_ENCRYPTION_KEYS; the id is new unless given (then it is checked). */
export function generateKeySpec(id: string = newKeyId()): string {
  const problem = keyIdProblem(id);
  if (problem) throw new KeyConfigError(`--id: ${problem}`);
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * Embedded mode without configured keys: a key file in DATA_DIR (mode 0600), created once.
 * Returns `generated: true` the first time so the caller can warn that the key lives beside the data.
 */
export function loadOrCreateKeyFile(dataDir: string): { keys: EncryptionKey[]; generated: boolean; file: string } {
  const file = path.resolve(dataDir, 'encryption-keys');
  if (existsSync(file)) return { keys: parseKeys(readFileSync(file, 'utf8')), generated: false, file };
  mkdirSync(path.dirname(file), { recursive: true });
  const spec = generateKeySpec('local1');
  writeFileSync(file, `${spec}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { keys: parseKeys(spec), generated: true, file };
}
