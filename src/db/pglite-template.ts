/**
 * A new embedded database starts as a copy of a template made once by `wevion build` (which
 * `npm install` runs): PGlite's initdb, our migrations and pg-boss's schema, already done. initdb
 * alone costs seconds and several hundred megabytes of WebAssembly heap that the process then
 * keeps; copying 40 MB of files costs a fraction of a second, and the database then opens as on
 * any restart.
 *
 * The template is used only when it fits: the same PGlite (the files are its PostgreSQL's) and
 * pg-boss versions, and migrations that are still the same files (a template made before a new
 * migration is fine: the start applies the new one). Otherwise, or without a template, PGlite runs
 * initdb as before.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.ts';
import { listMigrations } from './migrate.ts';

export const TEMPLATE_DIR = path.join(PROJECT_ROOT, 'dist/pglite-template');
const STAMP_FILE = `${TEMPLATE_DIR}.json`;

interface TemplateStamp {
  pglite: string;
  pgBoss: string;
  migrations: Record<string, string>;
  builtAt: string;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return 'missing';
  }
}

function currentMigrations(): Record<string, string> {
  return Object.fromEntries(listMigrations().map((m) => [`${String(m.version).padStart(3, '0')}_${m.name}`, createHash('sha256').update(m.sql).digest('hex')]));
}

function readStamp(): TemplateStamp | undefined {
  try {
    return JSON.parse(readFileSync(STAMP_FILE, 'utf8')) as TemplateStamp;
  } catch {
    return undefined;
  }
}

/** Why the template cannot seed a new database, or undefined when it can. */
export function templateUnfit(): string | undefined {
  const stamp = readStamp();
  if (!stamp || !existsSync(path.join(TEMPLATE_DIR, 'PG_VERSION'))) return 'missing';
  if (stamp.pglite !== packageVersion('@electric-sql/pglite')) return `made by PGlite ${stamp.pglite}`;
  if (stamp.pgBoss !== packageVersion('pg-boss')) return `made with pg-boss ${stamp.pgBoss}`;
  const migrations = currentMigrations();
  for (const [name, hash] of Object.entries(stamp.migrations)) if (migrations[name] !== hash) return `migration ${name} changed since`;
  return undefined;
}

/** Whether the template must be made again (missing, unfit, or a migration was added since). */
export function templateStale(): boolean {
  if (templateUnfit()) return true;
  return Object.keys(currentMigrations()).length !== Object.keys(readStamp()?.migrations ?? {}).length;
}

/**
 * When `location` holds no database yet and the template fits, copies the template there and
 * returns the migrations it came with (undefined when it did not copy). The copy goes to a
 * temporary folder renamed into place, so a crash halfway leaves no half database behind.
 */
export function seedFromTemplate(location: string): string[] | undefined {
  if (existsSync(path.join(location, 'PG_VERSION')) || templateUnfit()) return undefined;
  if (existsSync(location) && readdirSync(location).length > 0) return undefined;
  const migrations = Object.keys(readStamp()?.migrations ?? {}).sort();
  const temporary = `${location}.seed-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    cpSync(TEMPLATE_DIR, temporary, { recursive: true, mode: constants.COPYFILE_FICLONE });
    rmSync(location, { recursive: true, force: true });
    renameSync(temporary, location);
    return migrations;
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}

/**
 * Makes the template (`wevion build`): a PGlite data directory with every migration and pg-boss's
 * schema, closed cleanly, swapped into dist/. `prepare` opens a database in the DATA_DIR it is
 * given (without a template), installs the schema and closes it.
 */
export async function buildTemplate(prepare: (dataDir: string) => Promise<void>): Promise<{ ms: number }> {
  const started = Date.now();
  const temporary = `${TEMPLATE_DIR}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    // `prepare` opens the database as the service does: in `<dataDir>/pgdata`.
    await prepare(temporary);
    if (!existsSync(path.join(temporary, 'pgdata', 'PG_VERSION'))) throw new Error('the template database was not created');
    const stamp: TemplateStamp = { pglite: packageVersion('@electric-sql/pglite'), pgBoss: packageVersion('pg-boss'), migrations: currentMigrations(), builtAt: new Date().toISOString() };
    const old = `${TEMPLATE_DIR}.old-${process.pid}`;
    rmSync(STAMP_FILE, { force: true });
    if (existsSync(TEMPLATE_DIR)) renameSync(TEMPLATE_DIR, old);
    renameSync(path.join(temporary, 'pgdata'), TEMPLATE_DIR);
    writeFileSync(STAMP_FILE, JSON.stringify(stamp, null, 2));
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  return { ms: Date.now() - started };
}
