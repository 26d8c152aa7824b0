import { existsSync, readFileSync } from 'node:fs';
import { request } from 'undici';
import path from 'node:path';
import type { Config } from '../config.ts';
import { lockDataDir } from '../data-dir-lock.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { listMigrations } from '../db/migrate.ts';
import { parseKeys, type EncryptionKey } from '../vault/keys.ts';
import { appliedMigrationVersions, jobQueueSchemaVersion, secretsByKeyId, serverVersion } from './ops.queries.ts';
import { checkApiVersion, checkMetaCredentials } from './doctor-meta.ts';
import { checkMetaSignals } from './doctor-signals.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface Check {
  name: 'config' | 'database' | 'job queue' | 'meta' | 'meta app' | 'version' | 'signals' | 'keys';
  status: CheckStatus;
  detail: string;
}

/** `wevion doctor` passes when no check failed (warnings and skips are fine). */
export const doctorPassed = (checks: Check[]) => checks.every((check) => check.status !== 'fail');

export function formatCheck(check: Check): string {
  return `${check.status.padEnd(5)} ${check.name.padEnd(10)} ${check.detail}`;
}

const DB_TIMEOUT_MS = 10_000;

/**
 * Read-only health checks for operators. Unlike every other command it does not migrate, does
 * not create a key file and does not start the job queue: it reports what is there. Secrets
 * (keys, app secret, database password) never appear in the lines.
 */
export async function runDoctor(config: Config): Promise<Check[]> {
  const checks: Check[] = [{ name: 'config', status: 'ok', detail: describeConfig(config) }];
  const keys = loadKeysReadOnly(config);
  const opened = await openForDoctor(config);
  if (!opened.database) {
    checks.push({ name: 'database', status: 'fail', detail: opened.problem });
    checks.push({ name: 'job queue', status: 'skip', detail: 'not checked: no database' });
    checks.push(await checkMetaCredentials(config, undefined, 'keys' in keys ? keys.keys : undefined));
    checks.push(await checkApiVersion(config, undefined));
    checks.push(await checkMetaSignals(config, undefined));
  } else {
    try {
      checks.push(await checkDatabase(opened.database, opened.version, config));
      checks.push(await checkJobQueue(opened.database));
      checks.push(await checkMetaCredentials(config, opened.database, 'keys' in keys ? keys.keys : undefined));
      checks.push(await checkApiVersion(config, opened.database));
      checks.push(await checkMetaSignals(config, opened.database));
    } finally {
      await opened.close();
    }
  }
  checks.push(await checkMeta(config));
  checks.push(describeKeys(keys, opened.secrets));
  return checks;
}

function describeConfig(config: Config): string {
  const meta = config.demoMode
    ? `demo mode (Meta emulator on port ${config.emulatorPort})`
    : `Meta app ${config.meta.appId ?? '?'}, Graph ${config.meta.graphVersion} at ${config.meta.graphUrl}`;
  const database = config.databaseUrl ? `PostgreSQL ${describeDatabaseUrl(config.databaseUrl)}` : `embedded PGlite in ${path.resolve(config.dataDir)}`;
  const keys = config.tokenEncryptionKeys ? 'keys from TOKEN_ENCRYPTION_KEYS' : 'key file in DATA_DIR';
  return `${meta}; public URL ${config.publicUrl}; ${database}; ${keys}; webhooks retry ${config.webhooks.retryLimit}× from ${config.webhooks.retryDelaySeconds} s`;
}

/** host:port/name only: never the user name or password. */
function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

type KeysResult = { keys: EncryptionKey[]; source: string } | { error: string; status: CheckStatus };

function loadKeysReadOnly(config: Config): KeysResult {
  try {
    if (config.tokenEncryptionKeys) return { keys: parseKeys(config.tokenEncryptionKeys), source: 'TOKEN_ENCRYPTION_KEYS' };
    const file = path.resolve(config.dataDir, 'encryption-keys');
    if (!existsSync(file)) return { error: `no TOKEN_ENCRYPTION_KEYS and no key file at ${file} yet (the first start creates one)`, status: 'warn' };
    return { keys: parseKeys(readFileSync(file, 'utf8')), source: 'key file' };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), status: 'fail' };
  }
}

type Opened =
  | { database: Database; version: string; close(): Promise<void>; secrets: Array<{ keyId: string; n: number }> | undefined }
  | { database?: undefined; problem: string; secrets?: undefined };

async function openForDoctor(config: Config): Promise<Opened> {
  let unlock = () => {};
  if (!config.databaseUrl) {
    if (!existsSync(path.resolve(config.dataDir, 'pgdata', 'PG_VERSION'))) {
      return { problem: `no embedded database in ${path.resolve(config.dataDir)} yet: run \`wevion migrate\` (or start \`wevion serve\`)` };
    }
    try {
      unlock = lockDataDir(config.dataDir, 'doctor');
    } catch (error) {
      return { problem: `not opened: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  try {
    const database = await withTimeout(openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2, applicationName: 'wevion-doctor' }), 'opening the database');
    let version: string;
    try {
      version = await withTimeout(serverVersion(database.db), 'a test query');
    } catch (error) {
      // Not awaited: a pool still trying to reach a silent host would hold the answer back.
      void database.close().catch(() => {});
      throw error;
    }
    const versions = await appliedMigrationVersions(database.db);
    const secrets = versions?.length ? await secretsByKeyId(database.db).catch(() => undefined) : undefined;
    return {
      database,
      version,
      secrets,
      close: async () => {
        await database.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    return { problem: `unreachable: ${describeError(error)}` };
  }
}

async function checkDatabase(database: Database, version: string, config: Config): Promise<Check> {
  const engine = database.engine === 'postgres' ? `PostgreSQL ${version}` : `embedded PGlite (PostgreSQL ${version}) in ${path.resolve(config.dataDir)}`;
  const applied = (await appliedMigrationVersions(database.db)) ?? [];
  const known = listMigrations();
  const pending = known.filter((migration) => !applied.includes(migration.version));
  const unknown = applied.filter((version) => !known.some((migration) => migration.version === version));
  if (pending.length > 0) {
    const names = pending.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`).join(', ');
    return { name: 'database', status: 'fail', detail: `${engine} reachable; ${known.length - pending.length}/${known.length} migrations applied, pending ${names}: run \`wevion migrate\`` };
  }
  if (unknown.length > 0) {
    return { name: 'database', status: 'warn', detail: `${engine} reachable; all ${known.length} migrations applied, plus ${unknown.length} this version does not know (a newer release ran here?)` };
  }
  return { name: 'database', status: 'ok', detail: `${engine} reachable; all ${known.length} migrations applied` };
}

async function checkJobQueue(database: Database): Promise<Check> {
  const version = await jobQueueSchemaVersion(database.db);
  if (version === undefined) {
    return { name: 'job queue', status: 'fail', detail: 'pg-boss schema not installed: run `wevion migrate` (`wevion serve` and `wevion worker` also install it when they start)' };
  }
  return { name: 'job queue', status: 'ok', detail: `pg-boss schema version ${version} installed` };
}

async function checkMeta(config: Config): Promise<Check> {
  const url = config.demoMode ? `http://127.0.0.1:${config.emulatorPort}` : config.meta.graphUrl;
  const started = performance.now();
  try {
    // undici's request, as the Graph client uses, not fetch: fetch refuses the ports the Fetch
    // standard lists as "bad" (4190, 6000…), which a staging emulator may well listen on.
    const response = await request(url, { method: 'GET', signal: AbortSignal.timeout(Math.max(config.meta.connectTimeoutMs, 1_000)) });
    await response.body.dump().catch(() => {});
    const ms = Math.round(performance.now() - started);
    const what = config.demoMode ? `demo emulator at ${url}` : url;
    return { name: 'meta', status: 'ok', detail: `${what} reachable: answered HTTP ${response.statusCode} to a request with no token in ${ms} ms (the credentials are the meta app line’s)` };
  } catch (error) {
    if (config.demoMode) {
      return { name: 'meta', status: 'warn', detail: `demo emulator not running at ${url} (it runs inside \`wevion serve\`)` };
    }
    // Nothing is known to be wrong with this installation: Meta (or the way there) is away.
    return { name: 'meta', status: 'warn', detail: `${url} unreachable: ${describeError(error)}` };
  }
}

function describeKeys(keys: KeysResult, secrets: Array<{ keyId: string; n: number }> | undefined): Check {
  if ('error' in keys) {
    const stored = secrets?.reduce((sum, row) => sum + row.n, 0) ?? 0;
    // No key but secrets exist: nothing stored can be decrypted.
    return { name: 'keys', status: stored > 0 ? 'fail' : keys.status, detail: stored > 0 ? `${keys.error}; ${stored} secrets cannot be decrypted` : keys.error };
  }
  const [newest, ...older] = keys.keys;
  const ids = `${newest?.id ?? '?'} (newest)${older.length ? `, ${older.map((k) => k.id).join(', ')}` : ''} from ${keys.source}`;
  if (!secrets) return { name: 'keys', status: 'warn', detail: `keys ${ids}; secrets not counted (no database)` };
  const total = secrets.reduce((sum, row) => sum + row.n, 0);
  const configured = new Set(keys.keys.map((k) => k.id));
  const missing = secrets.filter((row) => !configured.has(row.keyId));
  if (missing.length > 0) {
    const list = missing.map((row) => `${row.n} under ${row.keyId}`).join(', ');
    return { name: 'keys', status: 'fail', detail: `keys ${ids}; secrets under keys that are not configured (${list}) cannot be decrypted: add those keys back` };
  }
  const old = secrets.filter((row) => row.keyId !== newest?.id);
  const underOld = old.reduce((sum, row) => sum + row.n, 0);
  if (underOld > 0) {
    return { name: 'keys', status: 'warn', detail: `keys ${ids}; ${underOld} of ${total} secrets under older keys (${old.map((row) => row.keyId).join(', ')}): run \`wevion keys rotate\`` };
  }
  return { name: 'keys', status: 'ok', detail: `keys ${ids}; ${total} secrets, all under the newest key` };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer in time';
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const code = (error as { code?: string }).code ?? cause?.code;
  const message = cause?.message ?? error.message;
  // pg errors may quote the connection string's user; never the password, but keep it short.
  return (code && !message.includes(code) ? `${code} ${message}` : message).split('\n')[0]!.slice(0, 200);
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DB_TIMEOUT_MS / 1000} s (${what})`)), DB_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
