import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pgliteChangeFeed, postgresChangeFeed, type ChangeFeed } from './change-feed.ts';
import { Mutex } from './mutex.ts';
import { PGliteDialect, runOnPGlite } from './pglite-dialect.ts';
import type { Schema } from './schema.ts';

export type Db = Kysely<Schema>;

/**
 * One handle over either engine. `db` is the typed query layer; `executeSql` is the raw path
 * used by pg-boss and the migrator, serialised with `db` on PGlite's single connection.
 */
export interface Database {
  readonly engine: 'pglite' | 'postgres';
  readonly db: Db;
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** True when the engine answers a trivial query. */
  ping(): Promise<boolean>;
  /** Committed changes that read caches must hear of (migration 006); listens from first use. */
  readonly changes: ChangeFeed;
  close(): Promise<void>;
  /** PGlite only: its data directory as a tarball (tests build a template from it). */
  dump?(): Promise<Blob>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** Where embedded PGlite keeps its files; `memory://` or undefined keeps them in memory. */
  dataDir?: string | undefined;
  /** A tarball from `PGlite.dumpDataDir()`, used by tests to start from a migrated template. */
  loadDataDir?: Blob | File | undefined;
  poolSize?: number;
  applicationName?: string;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10, options.applicationName ?? 'wevion');
  return openPGlite(options.dataDir, options.loadDataDir);
}

// PostgreSQL returns int8/numeric as strings; counts are cast to int in queries instead.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

async function openPostgres(connectionString: string, max: number, applicationName: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max, application_name: applicationName });
  // An idle client losing its server (restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // So must a checked-out one (a transaction between two statements): pg emits 'error' on the
  // client itself, which would be fatal unheard. Its next query fails; the pool drops it on release.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const changes = postgresChangeFeed(connectionString, { applicationName: `${applicationName}-changes` });
  let closed = false;
  return {
    engine: 'postgres',
    db,
    changes,
    executeSql: async (text, values) => {
      const result = await pool.query(text, values);
      // Several statements in one text come back as an array of results; the last one counts.
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
    },
    ping: async () => {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await changes.close();
      await db.destroy();
    },
  };
}

async function openPGlite(dataDir: string | undefined, loadDataDir: Blob | File | undefined): Promise<Database> {
  let location: string | undefined;
  if (dataDir && dataDir !== 'memory://') {
    location = path.resolve(dataDir, 'pgdata');
    mkdirSync(location, { recursive: true });
  }
  const pglite = await PGlite.create(location, loadDataDir ? { loadDataDir } : {});
  const mutex = new Mutex();
  const db = new Kysely<Schema>({ dialect: new PGliteDialect(pglite, mutex) });
  const changes = pgliteChangeFeed(pglite, mutex);
  let closed = false;
  return {
    engine: 'pglite',
    db,
    changes,
    executeSql: (text, values) =>
      mutex.run(async () => {
        const result = await runOnPGlite<Record<string, unknown>>(pglite, text, values);
        return { rows: result.rows };
      }),
    dump: () => mutex.run(async () => (await pglite.dumpDataDir('gzip')) as Blob),
    ping: async () => {
      if (closed) return false;
      try {
        await mutex.run(() => pglite.query('select 1'));
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await changes.close();
      await mutex.run(async () => {
        await pglite.close();
      });
    },
  };
}
