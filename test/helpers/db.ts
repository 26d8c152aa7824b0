import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';

/**
 * A fresh, migrated database for one test file: a PGlite copy of the run's template, or on
 * PostgreSQL a new database cloned from the template. `close()` discards it.
 */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  const target = inject('testDb');
  if (target.kind === 'pglite') {
    const blob = new Blob([readFileSync(target.templateFile)]);
    return openDatabase({ dataDir: 'memory://', loadDataDir: blob });
  }
  const name = `wevion_t_${target.runId}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: target.adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${target.template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: target.adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await dropper.end();
    },
  };
}

export const usingPostgres = () => inject('testDb').kind === 'postgres';

/** An unmigrated database with two independent handles (two pools on PostgreSQL; PGlite has one). */
export async function createEmptyDatabase(): Promise<{ first: Database; second: Database; close(): Promise<void> }> {
  const target = inject('testDb');
  if (target.kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { first: database, second: database, close: () => database.close() };
  }
  const name = `wevion_e_${target.runId}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: target.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  const first = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  const second = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  return {
    first,
    second,
    close: async () => {
      await first.close();
      await second.close();
      const dropper = new pg.Client({ connectionString: target.adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await dropper.end();
    },
  };
}

/**
 * For tests that run real `wevion` processes: on PostgreSQL runs, an empty database of their
 * own (the processes migrate it) and a way to drop it; undefined on PGlite runs, where the
 * processes use a temporary DATA_DIR instead.
 */
export async function emptyDatabaseForProcesses(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const target = inject('testDb');
  if (target.kind === 'pglite') return undefined;
  const name = `wevion_p_${target.runId}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: target.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: target.adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await dropper.end();
    },
  };
}
