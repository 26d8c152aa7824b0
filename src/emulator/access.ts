/**
 * Who sees what, as on Meta: a person sees the assets they have a role on, directly or as an
 * admin of the Business Manager that owns them (or has them as clients); a system user sees the
 * assets of its Business Manager that were assigned to it; a page token sees its page.
 * Listings are computed once per (principal, kind) and cached until a role changes, so paging
 * through 20,000 ad accounts costs a Map lookup per page, not a scan.
 */
import type { AssetKind, Roles, TokenRecord, WorldIndex } from './state.ts';

export type Principal =
  | { kind: 'user'; userId: string }
  | { kind: 'system'; systemUserId: string; business: string }
  | { kind: 'page'; pageId: string; userId?: string; systemUserId?: string };

export function principalOf(index: WorldIndex, rec: TokenRecord): Principal {
  if (rec.kind === 'page') return { kind: 'page', pageId: rec.pageId ?? '', userId: rec.userId, systemUserId: rec.systemUserId };
  if (rec.kind === 'system') {
    const id = rec.systemUserId ?? '';
    return { kind: 'system', systemUserId: id, business: index.systemUsers.get(id)?.business ?? '' };
  }
  return { kind: 'user', userId: rec.userId ?? '' };
}

/** The id of the person or system user behind a token (the call log's `userId`). */
export function actorId(rec: TokenRecord): string | null {
  return rec.userId ?? rec.systemUserId ?? null;
}

function ownerAndClients(index: WorldIndex, kind: AssetKind, id: string): string[] {
  const ref = index.asset(id);
  if (!ref || ref.kind !== kind) return [];
  const out = ref.asset.business !== undefined ? [ref.asset.business] : [];
  if (kind === 'adAccount') out.push(...(index.adAccounts.get(id)?.clientBusinesses ?? []));
  return out;
}

export function canSee(index: WorldIndex, p: Principal, kind: AssetKind, id: string): boolean {
  if (!index.asset(id)) return false;
  if (p.kind === 'page') return kind === 'page' && p.pageId === id;
  const roles: Roles | undefined = p.kind === 'user' ? index.userRoles.get(p.userId) : index.systemRoles.get(p.systemUserId);
  if (roles?.[kind].has(id)) return true;
  if (p.kind === 'user') {
    const admin = index.adminOf.get(p.userId);
    if (admin && ownerAndClients(index, kind, id).some((b) => admin.has(b))) return true;
  }
  if (kind === 'pixel') return (index.accountsByPixel.get(id) ?? []).some((a) => canSee(index, p, 'adAccount', a));
  return false;
}

export function canSeeBusiness(index: WorldIndex, p: Principal, businessId: string): boolean {
  if (!index.businesses.has(businessId)) return false;
  if (p.kind === 'user') return index.adminOf.get(p.userId)?.has(businessId) ?? false;
  if (p.kind === 'system') return p.business === businessId;
  return false;
}

export interface Listing {
  ids: string[];
  pos: Map<string, number>;
}

const caches = new WeakMap<WorldIndex, Map<string, Listing & { version: number }>>();

/** A cached, stably ordered list of ids; `build` runs only when roles changed since last time. */
export function cachedListing(index: WorldIndex, key: string, build: () => Iterable<string>): Listing {
  let cache = caches.get(index);
  if (!cache) caches.set(index, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.version === index.version) return hit;
  const ids = [...new Set(build())].sort((a, b) => (index.order.get(a) ?? 0) - (index.order.get(b) ?? 0));
  const listing = { ids, pos: new Map(ids.map((id, i) => [id, i] as const)), version: index.version };
  cache.set(key, listing);
  return listing;
}

function principalKey(p: Principal): string {
  return p.kind === 'user' ? `u:${p.userId}` : p.kind === 'system' ? `s:${p.systemUserId}` : `p:${p.pageId}`;
}

/** Every asset of a kind the principal sees (the data behind /me/adaccounts, /me/accounts…). */
export function visibleAssets(index: WorldIndex, p: Principal, kind: AssetKind): Listing {
  return cachedListing(index, `${principalKey(p)} ${kind}`, function* () {
    if (p.kind === 'page') {
      if (kind === 'page') yield p.pageId;
      return;
    }
    const roles = p.kind === 'user' ? index.userRoles.get(p.userId) : index.systemRoles.get(p.systemUserId);
    if (roles) yield* roles[kind];
    if (p.kind === 'user') {
      for (const b of index.adminOf.get(p.userId) ?? []) {
        yield* index.owned.get(b)?.[kind] ?? [];
        if (kind === 'adAccount') yield* index.clientAccounts.get(b) ?? [];
      }
    }
    if (kind === 'pixel') {
      for (const a of visibleAssets(index, p, 'adAccount').ids) yield* index.adAccounts.get(a)?.pixels ?? [];
    }
  });
}

export function visibleBusinesses(index: WorldIndex, p: Principal): Listing {
  return cachedListing(index, `${principalKey(p)} business`, function* () {
    if (p.kind === 'user') yield* index.adminOf.get(p.userId) ?? [];
    if (p.kind === 'system' && index.businesses.has(p.business)) yield p.business;
  });
}

/** A business edge as the caller sees it: admins see everything, system users what was assigned. */
export function businessAssets(index: WorldIndex, p: Principal, businessId: string, kind: AssetKind, client: boolean): Listing {
  return cachedListing(index, `${principalKey(p)} ${businessId} ${kind} ${client ? 'client' : 'owned'}`, function* () {
    const all = client ? (index.clientAccounts.get(businessId) ?? []) : (index.owned.get(businessId)?.[kind] ?? []);
    for (const id of all) if (p.kind === 'user' || canSee(index, p, kind, id)) yield id;
  });
}

/**
 * The objects a permission applies to for a principal, as Meta lists them in `granular_scopes`
 * and in a permissions webhook's `target_ids`: ad accounts (without `act_`) for ads_read and
 * ads_management, businesses for business_management, catalogs for catalog_management, pages for
 * pages_* and read_insights. Undefined for permissions that apply to no object.
 */
export function permissionTargets(index: WorldIndex, p: Principal, scope: string): string[] | undefined {
  if (scope === 'ads_management' || scope === 'ads_read') return visibleAssets(index, p, 'adAccount').ids.map((a) => a.slice('act_'.length));
  if (scope === 'business_management') return visibleBusinesses(index, p).ids;
  if (scope === 'catalog_management') return visibleAssets(index, p, 'catalog').ids;
  if (scope.startsWith('pages_') || scope === 'read_insights') return visibleAssets(index, p, 'page').ids;
  return undefined;
}
