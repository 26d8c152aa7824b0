import { mkdirSync } from 'node:fs';
import v8 from 'node:v8';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pgliteChangeFeed, postgresChangeFeed, type ChangeFeed } from './change-feed.ts';
import { Mutex } from './mutex.ts';
import { PGliteDialect, runOnPGlite } from './pglite-dialect.ts';
import { seedFromTemplate } from './pglite-template.ts';
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
  /** PGlite only: this open created the database from the template, with these migrations applied. */
  readonly seededWith?: readonly string[];
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** Where embedded PGlite keeps its files; `memory://` or undefined keeps them in memory. */
  dataDir?: string | undefined;
  /** A tarball from `PGlite.dumpDataDir()`, used by tests to start from a migrated template. */
  loadDataDir?: Blob | File | undefined;
  poolSize?: number;
  applicationName?: string;
  /** A new embedded database in `dataDir` starts from the template (pglite-template.ts); default true. */
  seedFromTemplate?: boolean;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10, options.applicationName ?? 'wevion');
  return openPGlite(options.dataDir, options.loadDataDir, options.seedFromTemplate ?? true);
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

/**
 * PostgreSQL's settings for embedded PGlite, sized for this service rather than for a database
 * server (issue 18). PGlite is one backend inside this process's WebAssembly heap, and that heap
 * never shrinks: every buffer the server touches stays resident for the life of the process. With
 * PostgreSQL's defaults (shared_buffers 128MB, maintenance_work_mem 64MB, 100 connections' worth of
 * shared memory) an idle `wevion serve` held 430 MB after a restart; the whole data set of a small
 * install fits in 16 MB of buffers, and a page missing from them is a read from the OS page cache.
 * work_mem stays at PostgreSQL's 4MB: the ad-account pages sort and hash within it.
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
  maintenance_work_mem: '16MB',
  temp_buffers: '2MB',
  // One backend; PostgreSQL wants room for its 3 reserved connections, and the lock table
  // (max_locks_per_transaction × connections) must hold a migration's locks.
  max_connections: '10',
};

/**
 * PGlite's PostgreSQL is 9 MB of WebAssembly. V8 compiles it with its baseline compiler (Liftoff),
 * then compiles again, with its optimising one (TurboFan, in background threads), every function
 * that runs often. In `wevion serve` those second compilations kept 40–80 MB resident for good
 * and competed with the start for the machine's cores, for no gain we could measure in this
 * workload: statements' CPU time and bench/http.ts's throughput were the same within run-to-run
 * noise (bench/README.md, issue 18). So embedded PGlite runs on baseline code only. The flag is V8's and process-wide, and set before
 * the first PGlite is compiled; the PostgreSQL engine never needs it.
 */
let wasmBaselineOnly: boolean | undefined;

async function createPGlite(location: string | undefined, options: NonNullable<Parameters<typeof PGlite.create>[1]>): Promise<PGlite> {
  if (wasmBaselineOnly === undefined) {
    v8.setFlagsFromString('--liftoff-only');
    wasmBaselineOnly = true;
  }
  try {
    return await PGlite.create(location, options);
  } catch (error) {
    // Should the baseline compiler not handle some function on this CPU, the optimising one does.
    if (!(error instanceof WebAssembly.CompileError) || !wasmBaselineOnly) throw error;
    v8.setFlagsFromString('--no-liftoff-only');
    wasmBaselineOnly = false;
    return PGlite.create(location, options);
  }
}

const settingArgs = () => Object.entries(PGLITE_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]);

async function openPGlite(dataDir: string | undefined, loadDataDir: Blob | File | undefined, seed: boolean): Promise<Database> {
  let location: string | undefined;
  let seededWith: string[] | undefined;
  if (dataDir && dataDir !== 'memory://') {
    location = path.resolve(dataDir, 'pgdata');
    if (seed && !loadDataDir) seededWith = seedFromTemplate(location);
    mkdirSync(location, { recursive: true });
  }
  const pglite = await createPGlite(location, {
    // Given on every start (they win over postgresql.conf), and to initdb, so that the data
    // directory's own postgresql.conf says the same to anything else that opens it.
    startParams: [...PGlite.defaultStartParams, ...settingArgs()],
    initDbStartParams: settingArgs(),
    ...(loadDataDir ? { loadDataDir } : {}),
  });
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
    ...(seededWith ? { seededWith } : {}),
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
