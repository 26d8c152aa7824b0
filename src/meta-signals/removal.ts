import type { SignalsDeps } from './deps.ts';
import { activeProfilesOf } from './meta-signals.queries.ts';

/**
 * The check of one profile after a removal signal: a queue of its own, so operators see these
 * jobs apart from the re-checks of `token-verify`.
 */
export const REMOVAL_CHECK_JOB = 'meta-removal-check';

/**
 * The person removed the app on Meta: every Active profile of theirs, in every workspace, gets a
 * token check queued (one statement). The check decides, as for any failing call: only Meta's
 * answer to `GET /me` changes a status, then with the cause "removed the app on Meta". A
 * reconnect meanwhile wins (the check reads the token it judges; the status change is conditional
 * on that token's version). The checks start in this process at once too (a queued job waits
 * for a worker's poll, up to its interval on PostgreSQL). Returns how many checks were queued.
 */
export async function queueRemovalChecks(deps: Pick<SignalsDeps, 'db' | 'queue' | 'checkNow'>, metaUserIds: readonly string[]): Promise<number> {
  const profiles = await activeProfilesOf(deps.db, metaUserIds);
  if (profiles.length === 0) return 0;
  await deps.queue().insert(REMOVAL_CHECK_JOB, profiles.map((p) => ({ data: { profileId: p.id } })));
  // Queued first: if this process dies, the jobs do it.
  deps.checkNow?.(profiles.map((p) => p.id));
  return profiles.length;
}
