import { randomUUID } from 'node:crypto';
import { forEachLimit } from '../concurrency.ts';
import { GraphError } from '../meta/graph-error.ts';
import { VaultError } from '../vault/vault.ts';
import type { TokenDeps } from './deps.ts';
import { applyRefresh, claimRefreshLeases, releaseRefreshLease, selectDataAccessEnding, selectDueForRefresh, type ClaimedToken } from './refresh.queries.ts';
import { businessesById, getMetaUser, insertEvent, type MetaUser } from './tokens.queries.ts';
import type { TokenExchange } from '../meta/helpers.ts';
import type { Verifier } from './verification.ts';

export interface RefreshSummary {
  checked: number;
  refreshed: number;
  notExtended: number;
  failed: number;
  skipped: number;
  /** Set when the sweep did not run because Meta refuses the app (see meta-app/). */
  appUnhealthy?: true;
}

export interface RefreshOptions {
  windowDays: number;
  /** Tokens refreshed at once; each refresh is two Graph calls. */
  concurrency?: number;
  /** How long a claimed refresh may take before another worker may try. */
  leaseMs?: number;
}

const DAY_MS = 86_400_000;
// A refresh failing for longer than this warns the owner (token_expiring), once per expiry date.
const REFRESH_FAILING_WARN_MS = DAY_MS;

/**
 * The twice-daily sweep: every Active token expiring within the window gets a fresh long-lived
 * token, checked with debug_token (same user, valid, later expiry) before it replaces the old
 * one. Safe to run on several workers at once (leases) and to run twice (a refreshed token is
 * no longer due).
 */
export async function refreshDueTokens(deps: TokenDeps & { verifier: Verifier }, options: RefreshOptions): Promise<RefreshSummary> {
  const now = new Date(deps.clock.now());
  const windowMs = options.windowDays * DAY_MS;
  const due = await selectDueForRefresh(deps.db, now, windowMs);
  const summary: RefreshSummary = { checked: due.length, refreshed: 0, notExtended: 0, failed: 0, skipped: 0 };
  // While Meta refuses the app no exchange can succeed: the sweep waits for it (the job tries
  // again later) instead of spending a failed call on every due token.
  if (due.length > 0 && (await deps.appGate.holding())) return { ...summary, skipped: due.length, appUnhealthy: true };
  const concurrency = options.concurrency ?? 16;
  const take = claimInBatches(
    deps,
    due.map((candidate) => candidate.id),
    randomUUID(),
    options.leaseMs ?? 5 * 60_000,
    concurrency,
  );
  // Each lane takes the next claimed token; there are as many takes as due tokens.
  try {
    await forEachLimit(due, concurrency, async () => {
      const next = await take();
      if (next) summary[await refreshClaimed(deps, next, windowMs)] += 1;
    });
  } finally {
    // A sweep that failed part-way gives back what it claimed and did not start, so the job's
    // retry refreshes those tokens instead of waiting for their leases to run out.
    for (const unused of take.unstarted()) {
      if (unused.token) await releaseRefreshLease(deps.db, unused.id, unused.owner).catch(() => {});
    }
  }
  await warnDataAccessEnding(deps, now, windowMs);
  // Tokens skipped because Meta began refusing the app mid-sweep are tried by the job's retry.
  return deps.appGate.refusedHere() ? { ...summary, appUnhealthy: true } : summary;
}

interface Claim {
  id: string;
  owner: string;
  claimedAt: Date;
  /** Absent when another worker holds the token's lease or it is no longer Active. */
  token: ClaimedToken | undefined;
}

/**
 * Hands the due tokens out one by one, claiming their leases a batch (as many as lanes) at a
 * time, one statement per batch, taken when the previous batch is used up; lanes that find it
 * empty share that claim. A lane that finishes finds its next token claimed already: on PGlite,
 * where each statement waits its turn on the one connection, claiming token by token made the
 * sweep 10–15 % slower (bench/README.md). The price: a worker killed mid-sweep may leave up to
 * two leases per lane (its refreshes in flight and the batch not started), each expiring after
 * the lease time.
 */
function claimInBatches(
  deps: Pick<TokenDeps, 'db' | 'clock'>,
  ids: string[],
  owner: string,
  leaseMs: number,
  batchSize: number,
): (() => Promise<Claim | undefined>) & { unstarted(): Claim[] } {
  let next = 0;
  const ready: Claim[] = [];
  let claiming: Promise<void> | undefined;
  const claimBatch = async () => {
    const batch = ids.slice(next, next + batchSize);
    next += batch.length;
    const claimedAt = new Date(deps.clock.now());
    const claimed = await claimRefreshLeases(deps.db, batch, owner, claimedAt, leaseMs);
    for (const id of batch) ready.push({ id, owner, claimedAt, token: claimed.get(id) });
  };
  const take = async () => {
    while (ready.length === 0) {
      if (next >= ids.length && !claiming) return undefined;
      claiming ??= claimBatch().finally(() => {
        claiming = undefined;
      });
      await claiming;
    }
    return ready.shift();
  };
  return Object.assign(take, { unstarted: () => ready.splice(0) });
}

async function refreshClaimed(deps: TokenDeps & { verifier: Verifier }, claim: Claim, windowMs: number): Promise<'refreshed' | 'notExtended' | 'failed' | 'skipped'> {
  const { id, owner, claimedAt, token: claimed } = claim;
  const metaUser = claimed?.metaUser;
  // Meta started refusing the app during the sweep: the remaining exchanges could only fail.
  if (!claimed || !metaUser || !metaUser.expiresAt || metaUser.needsReconnect || deps.appGate.refusedHere()) {
    if (metaUser) await releaseRefreshLease(deps.db, id, owner);
    return 'skipped';
  }
  // Another worker may have refreshed it between our select and our claim: no longer due.
  if (metaUser.expiresAt.getTime() > claimedAt.getTime() + windowMs) {
    await releaseRefreshLease(deps.db, id, owner);
    return 'skipped';
  }
  let oldToken: string;
  try {
    // The plaintext lives for this refresh only (as readToken's would).
    oldToken = deps.vault.open(claimed.sealed, metaUser.secretId);
  } catch (error) {
    // A secret that does not decrypt (tampered, or its key no longer configured) fails this
    // token only, and gives its lease back: it must not fail the sweep of every other token.
    if (!(error instanceof VaultError)) throw error;
    deps.logger.error({ err: error, metaUser: metaUser.id }, 'token cannot be decrypted; not refreshed');
    await releaseRefreshLease(deps.db, id, owner, { refreshFailedAt: new Date(deps.clock.now()) });
    return 'failed';
  }
  try {
    const exchanged = await renew(deps, metaUser, oldToken);
    if (exchanged.accessToken === oldToken) return await notExtended(deps, metaUser, owner);
    const info = await deps.graph.debugToken(exchanged.accessToken);
    const newExpiry = info.expires_at ? new Date(info.expires_at * 1000) : exchanged.expiresIn ? new Date(deps.clock.now() + exchanged.expiresIn * 1000) : null;
    // A System User token stays one: a renewal that came back as another kind is not put in place.
    const otherKind = metaUser.tokenType === 'system_user' && info.type !== undefined && info.type !== 'SYSTEM_USER';
    if (!info.is_valid || (info.user_id && info.user_id !== metaUser.metaUserId) || otherKind) {
      deps.logger.error({ metaUser: metaUser.id }, 'refreshed token did not check out (invalid, another user, or not a System User token); old token kept');
      await releaseRefreshLease(deps.db, id, owner, { refreshFailedAt: new Date(deps.clock.now()) });
      await warnIfRefreshFailing(deps, id);
      return 'failed';
    }
    if (!newExpiry || newExpiry.getTime() <= metaUser.expiresAt.getTime()) return await notExtended(deps, metaUser, owner);
    const at = new Date(deps.clock.now());
    const sealed = deps.vault.seal(exchanged.accessToken, metaUser.secretId);
    const values = {
      expiresAt: newExpiry,
      dataAccessExpiresAt: info.data_access_expires_at ? new Date(info.data_access_expires_at * 1000) : metaUser.dataAccessExpiresAt,
      at,
      sealed,
      message: `Token refreshed; now expires ${newExpiry.toISOString()}`,
    };
    // The profile as the guarded update leaves it: what it changes on top of the claimed row.
    const updated: MetaUser = {
      ...metaUser,
      expiresAt: values.expiresAt,
      dataAccessExpiresAt: values.dataAccessExpiresAt,
      lastRefreshedAt: at,
      refreshFailedSince: null,
      needsReconnect: false,
      tokenVersion: metaUser.tokenVersion + 1,
    };
    // An expiring warning is only ever open while refreshes have been failing (a token Meta
    // would not extend needs a reconnect and is not refreshed): then the refresh closes it, in
    // the same transaction, with a recovery notice. Otherwise the one statement is the whole
    // write, with no transaction around it (the sweep's database time is its bottleneck).
    const applied = metaUser.refreshFailedSince
      ? await deps.db.transaction().execute(async (trx) => {
          if (!(await applyRefresh(trx, metaUser, owner, values))) return undefined;
          return { notificationIds: await deps.events.inTransaction(trx, { type: 'refreshed', metaUser: updated, at }) };
        })
      : (await applyRefresh(deps.db, metaUser, owner, values)) && { notificationIds: [] as string[] };
    if (!applied) return 'skipped';
    await deps.events.emit({ type: 'refreshed', metaUser: updated, notificationIds: applied.notificationIds });
    return 'refreshed';
  } catch (error) {
    await releaseRefreshLease(deps.db, id, owner, { refreshFailedAt: new Date(deps.clock.now()) });
    if (error instanceof GraphError) {
      deps.logger.warn({ metaUser: metaUser.id, category: error.classification.category }, 'token refresh failed');
      // A verification that fails (database) fails this token's refresh only; it was counted.
      await deps.verifier.handleFailure(metaUser.id, error).catch((failure: unknown) => deps.logger.error({ err: failure, metaUser: metaUser.id }, 'token verification after a failed refresh failed'));
      await warnIfRefreshFailing(deps, id);
      return 'failed';
    }
    throw error;
  }
}

/**
 * The renewal Meta documents for each kind of token: a user token's `fb_exchange_token`; a pasted
 * 60-day System User token's, with `set_token_expires_in_60_days=true`; a business connection's
 * BISU token through its client business (`POST /{id}/system_user_access_tokens`, 60 days).
 */
async function renew(deps: TokenDeps, metaUser: MetaUser, token: string): Promise<TokenExchange> {
  if (metaUser.tokenType === 'user') return deps.graph.exchangeLongLived(token);
  const business = metaUser.connection === 'business' && metaUser.clientBusinessId ? (await businessesById(deps.db, [metaUser.clientBusinessId])).get(metaUser.clientBusinessId) : undefined;
  if (business) return deps.graph.renewBusinessToken(token, business.metaBusinessId);
  return deps.graph.exchangeLongLived(token, { systemUser60Days: true });
}

/**
 * Meta handed back the same token or no later expiry. Not a success: the profile is flagged,
 * its owner told once (per expiry date), and the token stays Active until it really expires.
 */
async function notExtended(deps: TokenDeps, metaUser: MetaUser, owner: string): Promise<'notExtended'> {
  const at = new Date(deps.clock.now());
  const expiresAt = metaUser.expiresAt as Date;
  const notificationIds = await deps.db.transaction().execute(async (trx) => {
    await releaseRefreshLease(trx, metaUser.id, owner, { needsReconnect: true });
    await insertEvent(trx, metaUser.id, at, { kind: 'refresh_not_extended', message: `Meta did not extend the token; it expires ${expiresAt.toISOString()}` });
    return deps.events.inTransaction(trx, { type: 'refresh_not_extended', metaUser: { ...metaUser, needsReconnect: true }, at });
  });
  const updated = await getMetaUser(deps.db, metaUser.id);
  if (updated) await deps.events.emit({ type: 'refresh_not_extended', metaUser: updated, notificationIds });
  return 'notExtended';
}

/** Data access (90 days from the last Meta login) cannot be refreshed: warn a week before, once per date. */
async function warnDataAccessEnding(deps: TokenDeps, now: Date, windowMs: number): Promise<void> {
  for (const metaUser of await selectDataAccessEnding(deps.db, now, windowMs)) {
    // One statement: the database itself stands for the transaction.
    const notificationIds = await deps.events.inTransaction(deps.db, { type: 'data_access_expiring', metaUser, at: now });
    if (notificationIds.length > 0) await deps.events.emit({ type: 'data_access_expiring', metaUser, notificationIds });
  }
}

/**
 * A refresh that has kept failing for more than 24 hours (Meta down, throttled, a token that does
 * not check out) tells the owner before the token runs out: token_expiring, once per expiry date.
 */
async function warnIfRefreshFailing(deps: TokenDeps, profileId: string): Promise<void> {
  const current = await getMetaUser(deps.db, profileId);
  if (!current || current.status !== 'active' || !current.refreshFailedSince || !current.expiresAt) return;
  const now = deps.clock.now();
  if (now - current.refreshFailedSince.getTime() <= REFRESH_FAILING_WARN_MS) return;
  // Meta refusing the app makes every refresh fail: that is for operators, not for marketers.
  if (await deps.appGate.holding()) return;
  const notificationIds = await deps.events.inTransaction(deps.db, { type: 'refresh_failing', metaUser: current, at: new Date(now) });
  if (notificationIds.length > 0) await deps.events.emit({ type: 'refresh_failing', metaUser: current, notificationIds });
}

/**
 * "Sync now" for one profile: refreshes its token if it is due (Active, expiring within the
 * window, not already refused by Meta), with the same lease and checks as the sweep.
 */
export async function refreshProfile(deps: TokenDeps & { verifier: Verifier }, profileId: string, options: RefreshOptions): Promise<'refreshed' | 'notExtended' | 'failed' | 'skipped' | 'not_due'> {
  const metaUser = await getMetaUser(deps.db, profileId);
  const windowMs = options.windowDays * DAY_MS;
  if (!metaUser || metaUser.status !== 'active' || !metaUser.expiresAt || metaUser.needsReconnect || metaUser.expiresAt.getTime() > deps.clock.now() + windowMs) return 'not_due';
  const claim = await claimInBatches(deps, [profileId], randomUUID(), options.leaseMs ?? 5 * 60_000, 1)();
  return claim ? refreshClaimed(deps, claim, windowMs) : 'skipped';
}
