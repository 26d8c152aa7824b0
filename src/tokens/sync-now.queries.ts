import type { Db } from '../db/database.ts';

/**
 * Starts a "Sync now" of one profile unless one started less than `intervalMs` ago. The row is
 * the agreement between processes: of two requests at once, one inserts or updates it, the
 * other finds the condition false. Returns undefined when started, or when the next is allowed.
 */
export async function claimProfileSync(db: Db, profileId: string, requestedBy: string | null, now: Date, intervalMs: number): Promise<{ retryAt: Date } | undefined> {
  const claimed = await db
    .insertInto('profile_syncs')
    .values({ profile_id: profileId, started_at: now, requested_by: requestedBy })
    .onConflict((oc) =>
      oc
        .column('profile_id')
        .doUpdateSet({ started_at: now, finished_at: null, requested_by: requestedBy, summary: null })
        .where('profile_syncs.started_at', '<=', new Date(now.getTime() - intervalMs)),
    )
    .returning('profile_id')
    .executeTakeFirst();
  if (claimed) return undefined;
  const row = await db.selectFrom('profile_syncs').select('started_at').where('profile_id', '=', profileId).executeTakeFirst();
  return { retryAt: new Date((row?.started_at.getTime() ?? now.getTime()) + intervalMs) };
}

export async function finishProfileSync(db: Db, profileId: string, at: Date, summary: unknown): Promise<void> {
  await db.updateTable('profile_syncs').set({ finished_at: at, summary: JSON.stringify(summary) }).where('profile_id', '=', profileId).execute();
}

export async function lastProfileSync(db: Db, profileId: string): Promise<{ startedAt: Date; finishedAt: Date | null; summary: unknown } | undefined> {
  const row = await db.selectFrom('profile_syncs').select(['started_at', 'finished_at', 'summary']).where('profile_id', '=', profileId).executeTakeFirst();
  return row ? { startedAt: row.started_at, finishedAt: row.finished_at, summary: row.summary } : undefined;
}
