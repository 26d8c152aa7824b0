/**
 * What one token reaches, read from Meta: its Business Managers, ad accounts (its own list and
 * each BM's owned and client accounts), pages (its list and BM-owned pages), pixels (BM-owned, and
 * per ad account its `adspixels`) and catalogs (BM-owned). Every edge is followed to its last page
 * with big pages and only the fields used (the helpers do that).
 *
 * No database access here, and the token is only an argument: the caller holds it inside
 * `withToken`, so a 190 from any of these calls starts the token check.
 */
import { GraphError } from '../meta/graph-error.ts';
import { adAccountNode, type GraphHelpers, type NamedAsset } from '../meta/helpers.ts';
import { forEachLimit } from '../concurrency.ts';

export interface FoundAsset {
  metaId: string;
  name: string;
  /** The Business Manager that owns it, when an owned_* edge listed it. */
  businessMetaId: string | null;
  /** Meta's tasks for this token on the asset, when the list says them (pages). */
  tasks: string[];
  /** An ad account's currency (Meta's `currency`), when its list says it. */
  currency?: string;
}

export interface Discovery {
  businesses: Array<{ id: string; name: string }>;
  adAccounts: Map<string, FoundAsset>;
  pages: Map<string, FoundAsset>;
  pixels: Map<string, FoundAsset>;
  catalogs: Map<string, FoundAsset>;
  /** Edges Meta refused for lack of permission or scope: they reach nothing for this token. */
  deniedEdges: string[];
}

type Lists = Pick<
  GraphHelpers,
  'businesses' | 'adAccounts' | 'pages' | 'businessOwnedAdAccounts' | 'businessClientAdAccounts' | 'businessOwnedPages' | 'businessOwnedPixels' | 'businessCatalogs' | 'adAccountPixels'
>;

/**
 * A refusal (permission or scope: codes 10, 200–299, or 100/33 "cannot be loaded due to missing
 * permissions") means the token reaches nothing through that edge. Anything else (throttled,
 * transient, 190…) fails the whole token, so a partial picture never removes permissions.
 */
export function isRefusal(error: unknown): error is GraphError {
  if (!(error instanceof GraphError)) return false;
  if (error.classification.category === 'permission_denied') return true;
  return error.classification.category === 'invalid_request' && error.graphCode === 100 && error.subcode === 33;
}

async function orRefused<T>(edge: string, denied: string[], call: () => Promise<T[]>): Promise<T[]> {
  try {
    return await call();
  } catch (error) {
    if (!isRefusal(error)) throw error;
    denied.push(edge);
    return [];
  }
}

function add(map: Map<string, FoundAsset>, metaId: string, name: string | undefined, businessMetaId: string | null, tasks: readonly string[] = [], currency?: string): void {
  const found = map.get(metaId);
  if (!found) {
    map.set(metaId, { metaId, name: name ?? '', businessMetaId, tasks: [...new Set(tasks)].sort(), ...(currency ? { currency } : {}) });
    return;
  }
  if (!found.name && name) found.name = name;
  if (!found.currency && currency) found.currency = currency;
  if (!found.businessMetaId && businessMetaId) found.businessMetaId = businessMetaId;
  if (tasks.length > 0) found.tasks = [...new Set([...found.tasks, ...tasks])].sort();
}

export async function discover(graph: Lists, token: string, options: { businessConcurrency?: number } = {}): Promise<Discovery> {
  const denied: string[] = [];
  const found: Discovery = { businesses: [], adAccounts: new Map(), pages: new Map(), pixels: new Map(), catalogs: new Map(), deniedEdges: denied };
  const [businesses, accounts, pages] = await Promise.all([
    orRefused('/me/businesses', denied, () => graph.businesses(token)),
    orRefused('/me/adaccounts', denied, () => graph.adAccounts(token)),
    orRefused('/me/accounts', denied, () => graph.pages(token)),
  ]);
  found.businesses = businesses.map((b) => ({ id: b.id, name: b.name ?? '' }));
  for (const a of accounts) add(found.adAccounts, adAccountNode(a.id), a.name, null, [], a.currency);
  for (const p of pages) add(found.pages, p.id, p.name, null, p.tasks ?? []);

  await forEachLimit(found.businesses, options.businessConcurrency ?? 4, async (bm) => {
    const [owned, clients, ownedPages, pixels, catalogs] = await Promise.all([
      orRefused(`/${bm.id}/owned_ad_accounts`, denied, () => graph.businessOwnedAdAccounts(token, bm.id)),
      orRefused(`/${bm.id}/client_ad_accounts`, denied, () => graph.businessClientAdAccounts(token, bm.id)),
      orRefused(`/${bm.id}/owned_pages`, denied, () => graph.businessOwnedPages(token, bm.id)),
      orRefused(`/${bm.id}/owned_pixels`, denied, () => graph.businessOwnedPixels(token, bm.id)),
      orRefused(`/${bm.id}/owned_product_catalogs`, denied, () => graph.businessCatalogs(token, bm.id)),
    ]);
    for (const a of owned) add(found.adAccounts, adAccountNode(a.id), a.name, bm.id, [], a.currency);
    // A client account belongs to another BM: this one only works on it.
    for (const a of clients) add(found.adAccounts, adAccountNode(a.id), a.name, null, [], a.currency);
    for (const p of ownedPages) add(found.pages, p.id, p.name, bm.id);
    for (const p of pixels) add(found.pixels, p.id, p.name, bm.id);
    for (const c of catalogs) add(found.catalogs, c.id, c.name, bm.id);
  });
  return found;
}

/**
 * The pixels each ad account uses (`/act_…/adspixels`), or `undefined` for an account whose edge
 * refused this token (its links are left as they are).
 */
export async function fetchAdAccountPixels(graph: Pick<Lists, 'adAccountPixels'>, token: string, actIds: readonly string[], concurrency: number): Promise<Map<string, NamedAsset[] | undefined>> {
  const out = new Map<string, NamedAsset[] | undefined>();
  await forEachLimit(actIds, concurrency, async (actId) => {
    try {
      out.set(actId, await graph.adAccountPixels(token, actId));
    } catch (error) {
      if (!isRefusal(error)) throw error;
      out.set(actId, undefined);
    }
  });
  return out;
}

/**
 * A business connection reaches what the client business shares with the app, as Meta lists it
 * per permission in `debug_token`'s `granular_scopes` (`target_ids`): ad accounts for
 * `ads_read`/`ads_management`, pages for `pages_*`/`read_insights`, catalogs for
 * `catalog_management`. What the lists found beyond those is dropped; a kind whose permissions
 * carry no `target_ids` is left as found (Meta gives none for a permission not tied to objects).
 * Ad account ids may come with or without `act_` (Meta's documentation is silent): both match.
 */
export function keepShared(found: Discovery, granular: ReadonlyArray<{ scope: string; target_ids?: string[] }>): Discovery {
  const targets = (test: (scope: string) => boolean): Set<string> | undefined => {
    const lists = granular.filter((g) => test(g.scope) && Array.isArray(g.target_ids));
    return lists.length === 0 ? undefined : new Set(lists.flatMap((g) => g.target_ids ?? []));
  };
  const keep = (map: Map<string, FoundAsset>, ids: Set<string> | undefined, norm: (id: string) => string = (id) => id) =>
    ids === undefined ? map : new Map([...map].filter(([id]) => ids.has(norm(id))));
  const accounts = targets((s) => s === 'ads_read' || s === 'ads_management');
  const accountIds = accounts && new Set([...accounts].map((id) => adAccountNode(id)));
  return {
    ...found,
    adAccounts: keep(found.adAccounts, accountIds, adAccountNode),
    pages: keep(found.pages, targets((s) => s.startsWith('pages_') || s === 'read_insights')),
    catalogs: keep(found.catalogs, targets((s) => s === 'catalog_management')),
  };
}
