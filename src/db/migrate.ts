import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { PROJECT_ROOT } from '../paths.ts';
import type { Db } from './database.ts';

const migrationsDir = path.join(PROJECT_ROOT, 'src/db/migrations');

// Any constant works; it only has to be the same in every process of this service.
const MIGRATION_LOCK_KEY = 7_244_120_261;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(path.join(migrationsDir, file), 'utf8'),
    }));
}

/**
 * Applies pending migrations in one transaction under a transaction-scoped advisory lock, so two
 * processes starting together queue up: the second finds everything applied and does nothing.
 */
export async function migrate(db: Db): Promise<{ applied: string[] }> {
  const migrations = listMigrations();
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
    await sql`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`.execute(trx);
    const done = new Set((await trx.selectFrom('schema_migrations').select('version').execute()).map((row) => row.version));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await sql.raw(migration.sql).execute(trx);
      await trx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name }).execute();
      applied.push(`${String(migration.version).padStart(3, '0')}_${migration.name}`);
    }
    return { applied };
  });
}
