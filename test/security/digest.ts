import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';

/**
 * A fingerprint of every row of every table of our schema, plus pg-boss's jobs by queue and
 * state: equal before and after means nothing changed. `ignore` leaves out tables a refused
 * request may legitimately touch (login_attempts for failed sign-ins).
 */
export async function databaseDigest(db: Db, ignore: string[] = []): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const out: Record<string, string> = {};
  for (const { table_name: table } of tables.rows) {
    if (ignore.includes(table)) continue;
    const row = await sql<{ digest: string | null; n: number }>`
      select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest, count(*)::int as n
      from ${sql.table(table)} t`.execute(db);
    out[table] = `${row.rows[0]?.n ?? 0}:${row.rows[0]?.digest ?? ''}`;
  }
  const jobs = await sql<{ name: string; state: string; n: number }>`
    select name, state::text as state, count(*)::int as n from pgboss.job group by name, state order by name, state`.execute(db);
  out['pgboss.job'] = jobs.rows.map((r) => `${r.name}/${r.state}=${r.n}`).join(',');
  return out;
}

/** Every row of every table (ours and pg-boss's) as text: what a database dump would hold. */
export async function databaseText(db: Db): Promise<string> {
  const tables = await sql<{ table_schema: string; table_name: string }>`
    select table_schema, table_name from information_schema.tables
    where table_schema in ('public', 'pgboss') and table_type = 'BASE TABLE' order by 1, 2`.execute(db);
  const parts: string[] = [];
  for (const { table_schema: schema, table_name: table } of tables.rows) {
    const rows = await sql<{ line: string }>`select t::text as line from ${sql.table(`${schema}.${table}`)} t`.execute(db);
    parts.push(`-- ${schema}.${table}`, ...rows.rows.map((r) => r.line));
  }
  return parts.join('\n');
}
