import PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';

/** deadlock_detected, unique_violation, duplicate_table, duplicate_object: another process got there first. */
const RACE_CODES = new Set(['40P01', '23505', '42P07', '42710']);

/**
 * Installs or upgrades pg-boss's schema (`pgboss`) and nothing else: no queue, no schedule, no
 * worker, no maintenance. `wevion migrate` runs it, so a database it prepared passes `wevion
 * doctor`'s "job queue" check before any `serve` or `worker` has started. Returns the version.
 */
export async function installQueueSchema(database: Database): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const boss = new PgBoss({ db: { executeSql: (text, values) => database.executeSql(text, values) }, schema: 'pgboss', supervise: false, schedule: false, migrate: true });
    // Errors of a start are thrown by start() itself; nothing runs in the background here.
    boss.on('error', () => {});
    try {
      await boss.start();
      break;
    } catch (error) {
      // Processes installing together (a deployment starting) can collide; the loser tries again.
      if (!RACE_CODES.has((error as { code?: string }).code ?? '') || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
    } finally {
      await boss.stop({ graceful: false, close: false, wait: true }).catch(() => {});
    }
  }
  const { rows } = await database.executeSql('select version from pgboss.version limit 1');
  return Number(rows[0]?.version);
}
