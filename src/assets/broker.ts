/**
 * The one answer to "which token may do *purpose* on *asset*": an Active profile holding a
 * permission on the asset whose granted scopes cover the purpose. System User tokens first (they
 * never expire), then user tokens by latest expiry. A candidate that Meta refuses on the asset
 * (permission error, or 100/33 "cannot be loaded due to missing permissions": access taken back
 * since the last sync), or that turns out not to be Active, hands over to the next one. No candidate: a typed
 * `token_unavailable` with the reason a person can act on; an asset the workspace does not have
 * (another's, or none at all) is `not_found`, as every id of another workspace is.
 *
 * Every call still goes through `withToken`, so a 190 on the chosen token starts its check.
 */
import type { Db } from '../db/database.ts';
import { notFound } from '../errors.ts';
import type { AssetType } from '../db/schema-assets.ts';
import type { Logger } from '../logger.ts';
import { GraphError } from '../meta/graph-error.ts';
import { TokenUnavailableError, withCachedToken, withToken } from '../tokens/token-access.ts';
import type { ProfileTokenCache } from '../tokens/token-cache.ts';
import type { ChangeFeed } from '../db/change-feed.ts';
import { createReadCache } from '../db/read-cache.ts';
import { getMetaUser, type MetaUser } from '../tokens/tokens.queries.ts';
import type { Verifier } from '../tokens/verification.ts';
import type { Vault } from '../vault/vault.ts';
import { isRefusal } from './discovery.ts';
import { reachersOf, resolveAsset, type AssetIdentity, type Reacher } from './reach.queries.ts';

/** What a token is wanted for: each a scope Meta grants (a stronger one may stand in, below). */
export const PURPOSES = ['ads_read', 'ads_management', 'pages_show_list', 'pages_read_engagement', 'pages_manage_ads', 'pages_manage_metadata', 'catalog_management', 'business_management'] as const;
export type Purpose = (typeof PURPOSES)[number];

export type BlockedReason = TokenUnavailableError['reason'];

/** The asset, by our row id or Meta's id. */
export type AssetRef = { adAccountId: string } | { pageId: string } | { pixelId: string } | { catalogId: string };

// Meta lets a scope stand in for a weaker one: managing ads includes reading them.
const IMPLIED_BY: Partial<Record<Purpose, string[]>> = {
  ads_read: ['ads_management'],
  pages_show_list: ['pages_manage_ads', 'pages_manage_metadata', 'pages_read_engagement'],
};

/** The scopes any one of which lets a token do `purpose` (the asset lists' `blocked` filter asks SQL the same). */
export const scopesCovering = (purpose: Purpose): readonly string[] => [purpose, ...(IMPLIED_BY[purpose] ?? [])];

export function scopeCovers(grantedScopes: readonly string[], purpose: Purpose): boolean {
  return scopesCovering(purpose).some((scope) => grantedScopes.includes(scope));
}

const RANK_FAR_FUTURE = Number.MAX_SAFE_INTEGER;

/** Preference order: System User, then user tokens expiring last (no expiry = last of all). */
function compareCandidates(a: Reacher, b: Reacher): number {
  if (a.live !== b.live) return a.live ? -1 : 1;
  if (a.tokenType !== b.tokenType) return a.tokenType === 'system_user' ? -1 : 1;
  const expiry = (r: Reacher) => (r.tokenType === 'system_user' || r.expiresAt === null ? RANK_FAR_FUTURE : r.expiresAt.getTime());
  const byExpiry = expiry(b) - expiry(a);
  if (byExpiry !== 0) return byExpiry;
  return a.profileId < b.profileId ? -1 : a.profileId > b.profileId ? 1 : 0;
}

export type Decision = { ok: true; candidates: Reacher[] } | { ok: false; reason: BlockedReason; message: string };

/**
 * Pure: who may do `purpose`, in order, or why nobody may. A lapsed permission of a profile that
 * is Active again (reconnected, not yet re-synced) still counts, after the live ones: reconnect
 * puts the fresh token in place for all the profile's assets at once.
 */
export function decide(reachers: readonly Reacher[], purpose: Purpose, what = 'this asset'): Decision {
  const active = reachers.filter((r) => r.status === 'active');
  const candidates = active.filter((r) => scopeCovers(r.grantedScopes, purpose)).sort(compareCandidates);
  const unique = candidates.filter((r, i) => candidates.findIndex((o) => o.profileId === r.profileId) === i);
  if (unique.length > 0) return { ok: true, candidates: unique };
  const dead = reachers.filter((r) => r.status !== 'active');
  const expired = dead.find((r) => r.status === 'expired');
  if (expired) return { ok: false, reason: 'token_expired', message: `No healthy token may use ${what}: the token of ${expired.name} has expired. Reconnect the Meta profile.` };
  const inactive = dead[0];
  if (inactive) return { ok: false, reason: 'token_inactive', message: `No healthy token may use ${what}: the token of ${inactive.name} is inactive. Reconnect the Meta profile.` };
  if (active.length > 0) {
    return { ok: false, reason: 'scope_declined', message: `No token reaching ${what} was granted ${purpose}: grant the missing permission to a connected profile.` };
  }
  return { ok: false, reason: 'no_permission', message: `No connected Meta profile has access to ${what}.` };
}

export interface BrokerDeps {
  db: Db;
  vault: Vault;
  verifier: Verifier;
  logger: Logger;
  /** With both, the broker's answers and the tokens come from memory kept exact by the change feed. */
  changes?: ChangeFeed;
  profiles?: ProfileTokenCache;
}

export type TokenCall<T> = (token: string, metaUser: MetaUser) => Promise<T>;

export interface Broker {
  /** Who may do `purpose` on the asset, in order of preference; throws `token_unavailable` when nobody. */
  candidates(workspaceId: string, asset: AssetRef, purpose: Purpose): Promise<Reacher[]>;
  /** The same, with the asset it resolved to (checkouts record it). */
  choose(workspaceId: string, asset: AssetRef, purpose: Purpose): Promise<{ candidates: Reacher[]; asset: AssetIdentity & { type: AssetType } }>;
  /** The check that gates an action or a launch: resolves when some healthy token may do it. */
  check(workspaceId: string, asset: AssetRef, purpose: Purpose): Promise<void>;
  /** Runs `call` with the best token for the purpose, falling back to the next on refusal or lost health. */
  withAssetToken<T>(workspaceId: string, asset: AssetRef, purpose: Purpose, call: TokenCall<T>): Promise<T>;
  /** The same fallback over candidates already decided (bulk jobs decide from one query). */
  runWithCandidates<T>(candidates: readonly Reacher[], purpose: Purpose, what: string, call: TokenCall<T>): Promise<T>;
}

function refOf(asset: AssetRef): { type: AssetType; id: string; label: string } {
  if ('adAccountId' in asset) return { type: 'ad_account', id: asset.adAccountId, label: 'ad account' };
  if ('pageId' in asset) return { type: 'page', id: asset.pageId, label: 'page' };
  if ('pixelId' in asset) return { type: 'pixel', id: asset.pixelId, label: 'pixel' };
  return { type: 'catalog', id: asset.catalogId, label: 'catalog' };
}

type Reach = { identity: AssetIdentity | undefined; reachers: Reacher[] };

export function createBroker(deps: BrokerDeps): Broker {
  // Who reaches an asset depends on the workspace's assets (ids, permissions) and profiles
  // (status, scopes, expiry): both topics drop the workspace's entries.
  const reachCache = deps.changes
    ? createReadCache<Reach>(deps.changes, {
        topicOf: (payload) => (payload.startsWith('profiles:') ? payload.slice('profiles:'.length) : payload.startsWith('assets:') ? payload.slice('assets:'.length) : undefined),
        maxEntries: 50_000,
      })
    : undefined;

  async function loadReach(workspaceId: string, type: AssetType, id: string): Promise<Reach> {
    const identity = await resolveAsset(deps.db, workspaceId, type, id);
    return { identity, reachers: identity ? await reachersOf(deps.db, workspaceId, type, identity.id) : [] };
  }

  async function plan(workspaceId: string, asset: AssetRef, purpose: Purpose): Promise<{ candidates: Reacher[]; what: string; identity: AssetIdentity; type: AssetType }> {
    const ref = refOf(asset);
    const { identity, reachers } = reachCache ? await reachCache.get(workspaceId, `${ref.type}:${ref.id}`, () => loadReach(workspaceId, ref.type, ref.id)) : await loadReach(workspaceId, ref.type, ref.id);
    // Not the workspace's (another's, or no asset at all, whatever the id's form): 404, as for
    // every id of another workspace. token_unavailable (409) is for the workspace's own assets.
    if (!identity) throw notFound(`${ref.label[0]!.toUpperCase()}${ref.label.slice(1)}`);
    const what = `${ref.label} ${identity.name || identity.metaId} (${identity.metaId})`;
    const decision = decide(reachers, purpose, what);
    if (!decision.ok) throw new TokenUnavailableError(decision.reason, decision.message);
    return { candidates: decision.candidates, what, identity, type: ref.type };
  }

  /** With the token cache (and the workspace known) no statement is made for a healthy call. */
  async function callWith<T>(workspaceId: string | undefined, profileId: string, call: TokenCall<T>): Promise<T> {
    if (!deps.profiles || workspaceId === undefined) return withToken(deps, profileId, call);
    const profile = await deps.profiles.get(workspaceId, profileId);
    if (!profile) throw new TokenUnavailableError('no_permission', 'The Meta profile was removed.');
    return withCachedToken(deps, profile, call);
  }

  async function runWithCandidates<T>(list: readonly Reacher[], purpose: Purpose, what: string, call: TokenCall<T>, workspaceId?: string): Promise<T> {
    let lastReason: BlockedReason = 'no_permission';
    let lastMessage = `No connected Meta profile may use ${what} for ${purpose}.`;
    for (const candidate of list) {
      try {
        return await callWith(workspaceId, candidate.profileId, call);
      } catch (error) {
        if (error instanceof TokenUnavailableError) {
          // It stopped being Active since the decision: the next one may still do it.
          lastReason = error.reason;
          lastMessage = error.message;
          continue;
        }
        if (isRefusal(error)) {
          deps.logger.info({ metaUser: candidate.profileId, purpose, graphCode: error.graphCode }, 'token refused on asset; trying the next candidate');
          lastReason = 'no_permission';
          lastMessage = `Meta refused ${what} to every connected profile that should reach it (${purpose}).`;
          continue;
        }
        if (error instanceof GraphError && error.classification.verifyToken) {
          // withToken has run the check: a confirmed invalid token hands over, anything else is the caller's.
          const now = await getMetaUser(deps.db, candidate.profileId);
          if (now && now.status !== 'active') {
            lastReason = now.status === 'expired' ? 'token_expired' : 'token_inactive';
            lastMessage = `No healthy token may use ${what}: the token of ${now.name} is ${now.status}. Reconnect the Meta profile.`;
            continue;
          }
        }
        throw error;
      }
    }
    throw new TokenUnavailableError(lastReason, lastMessage);
  }

  return {
    candidates: async (workspaceId, asset, purpose) => (await plan(workspaceId, asset, purpose)).candidates,
    async choose(workspaceId, asset, purpose) {
      const planned = await plan(workspaceId, asset, purpose);
      return { candidates: planned.candidates, asset: { ...planned.identity, type: planned.type } };
    },
    async check(workspaceId, asset, purpose) {
      await plan(workspaceId, asset, purpose);
    },
    async withAssetToken(workspaceId, asset, purpose, call) {
      const { candidates, what } = await plan(workspaceId, asset, purpose);
      return runWithCandidates(candidates, purpose, what, call, workspaceId);
    },
    runWithCandidates: (list, purpose, what, call) => runWithCandidates(list, purpose, what, call),
  };
}
