import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { TestProject } from 'vitest/node';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

/**
 * One migrated template per test run (our schema and pg-boss's), copied by every test file:
 * PGlite's initdb costs seconds, a copy of a dumped data dir milliseconds. With DATABASE_URL the
 * template is a PostgreSQL database and each file gets `CREATE DATABASE … TEMPLATE` of it.
 */
export default async function setup(project: TestProject) {
  const databaseUrl = process.env.DATABASE_URL;
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  if (databaseUrl) {
    const templateName = `wevion_tmpl_${runId}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${templateName}`);
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${templateName}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    await prepare(database);
    await database.close();
    project.provide('testDb', { kind: 'postgres', adminUrl: databaseUrl, template: templateName, runId });
    return async () => {
      const cleanup = new pg.Client({ connectionString: databaseUrl });
      await cleanup.connect();
      const { rows } = await cleanup.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`wevion_%${runId}%`]);
      for (const row of rows) await cleanup.query(`drop database if exists ${row.datname} with (force)`);
      await cleanup.end();
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'wevion-test-'));
  const database = await openDatabase({ dataDir: 'memory://' });
  await prepare(database);
  const dump = await database.dump!();
  const file = path.join(dir, 'template.tar.gz');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('testDb', { kind: 'pglite', templateFile: file, runId });
  return () => rmSync(dir, { recursive: true, force: true });
}

async function prepare(database: Database): Promise<void> {
  await migrate(database.db);
  const boss = new PgBoss({ db: { executeSql: (text, values) => database.executeSql(text, values) }, schema: 'pgboss', supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, close: false, wait: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: { kind: 'pglite'; templateFile: string; runId: string } | { kind: 'postgres'; adminUrl: string; template: string; runId: string };
  }
}
