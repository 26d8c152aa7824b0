import { AppError } from '../errors.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { TokensService } from './service.ts';
import { claimProfileSync, finishProfileSync } from './sync-now.queries.ts';
import { getMetaUser, type MetaUser } from './tokens.queries.ts';
import type { VerifyOutcome } from './verification.ts';

/** At most one "Sync now" per profile in this interval, across every process. */
export const SYNC_NOW_INTERVAL_MS = 60_000;

export interface SyncNowDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  tokens: Pick<TokensService, 'verifier' | 'refreshProfile'>;
  /** Discovery + permission sync of one profile (the assets area); without it that step is skipped. */
  syncProfile?: (profileId: string) => Promise<unknown>;
}

export interface SyncNowSummary {
  profileId: string;
  startedAt: string;
  finishedAt: string;
  /** What `GET /me` said about the token (`not_active`: Expired or Inactive, nothing to check). */
  verification: VerifyOutcome;
  /** `not_due`: not within the refresh window (or already refused by Meta); `skipped`: the token did not verify as valid. */
  refresh: 'refreshed' | 'notExtended' | 'failed' | 'skipped' | 'not_due';
  /** The assets area's summary of discovery and permission sync; null when it did not run. */
  assets: unknown;
  /** Why assets did not run: `token_not_active`, `assets_unavailable`, or `failed`. */
  assetsSkipped: 'token_not_active' | 'assets_unavailable' | 'failed' | null;
  status: MetaUser['status'];
}

/**
 * "Sync now" of one profile: verify the token with Meta, refresh it if it is due, then discovery
 * and permission sync for this profile only. Throws `sync_rate_limited` (with retryAfterSeconds)
 * when the profile was synced less than a minute ago.
 */
export async function syncProfileNow(deps: SyncNowDeps, metaUser: MetaUser, requestedBy: string | null): Promise<SyncNowSummary> {
  const { db, clock } = deps;
  const startedAt = new Date(clock.now());
  const busy = await claimProfileSync(db, metaUser.id, requestedBy, startedAt, SYNC_NOW_INTERVAL_MS);
  if (busy) {
    const retryAfterSeconds = Math.max(1, Math.ceil((busy.retryAt.getTime() - clock.now()) / 1000));
    throw new AppError('sync_rate_limited', `This profile was synced less than a minute ago; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
  // The run record is finished whatever happens below: a failure is recorded as one, never
  // left as a sync that seems to run forever.
  try {
    const summary = await run(deps, metaUser, startedAt);
    await finishProfileSync(db, metaUser.id, new Date(clock.now()), summary);
    return summary;
  } catch (error) {
    await finishProfileSync(db, metaUser.id, new Date(clock.now()), { profileId: metaUser.id, startedAt: startedAt.toISOString(), error: error instanceof AppError ? error.code : 'internal_error' }).catch(
      (failure: unknown) => deps.logger.error({ err: failure, metaUser: metaUser.id }, 'sync now: could not record the failed run'),
    );
    throw error;
  }
}

async function run(deps: SyncNowDeps, metaUser: MetaUser, startedAt: Date): Promise<SyncNowSummary> {
  const { db, clock } = deps;
  const verification = await deps.tokens.verifier.verify(metaUser.id);
  const refresh = verification === 'valid' ? await deps.tokens.refreshProfile(metaUser.id) : 'skipped';
  const current = (await getMetaUser(db, metaUser.id)) ?? metaUser;
  let assets: unknown = null;
  let assetsSkipped: SyncNowSummary['assetsSkipped'] = null;
  if (current.status !== 'active') assetsSkipped = 'token_not_active';
  else if (!deps.syncProfile) assetsSkipped = 'assets_unavailable';
  else {
    try {
      assets = await deps.syncProfile(metaUser.id);
    } catch (error) {
      deps.logger.error({ err: error, metaUser: metaUser.id }, 'sync now: discovery and permission sync failed');
      assetsSkipped = 'failed';
    }
  }
  const summary: SyncNowSummary = {
    profileId: metaUser.id,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(clock.now()).toISOString(),
    verification,
    refresh,
    assets,
    assetsSkipped,
    status: current.status,
  };
  return summary;
}
