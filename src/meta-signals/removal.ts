import type { SignalsDeps } from './deps.ts';
import { activeProfilesOf } from './meta-signals.queries.ts';

/**
 * The check of one profile after a removal signal, a queue of its own: each check mostly waits
 * (on Meta, and on the check of the app a confirmation waits for, at most one every 500 ms and
 * shared by every confirmation waiting), so it runs with many lanes (jobs.ts) without costing CPU.
 */
export const REMOVAL_CHECK_JOB = 'meta-removal-check';

/**
 * The person removed the app on Meta: every Active profile of theirs, in every workspace, gets a
 * token check queued (one statement). The check decides, as for any failing call: only Meta's
 * answer to `GET /me` changes a status, then with the cause "removed the app on Meta". A
 * reconnect meanwhile wins (the check reads the token it judges; the status change is conditional
 * on that token's version). Returns how many checks were queued.
 */
export async function queueRemovalChecks(deps: Pick<SignalsDeps, 'db' | 'queue'>, metaUserIds: readonly string[]): Promise<number> {
  const profiles = await activeProfilesOf(deps.db, metaUserIds);
  if (profiles.length > 0) await deps.queue().insert(REMOVAL_CHECK_JOB, profiles.map((p) => ({ data: { profileId: p.id } })));
  return profiles.length;
}
