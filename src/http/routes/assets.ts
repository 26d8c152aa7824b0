import { z } from '@hono/zod-openapi';
import type { CampaignActions } from '../../assets/campaigns.ts';
import { listCampaigns, readInsights } from '../../assets/data.queries.ts';
import { type AssetListFilter } from '../../assets/lists.queries.ts';
import { profileAssetPage, STOPS } from '../../assets/impact.ts';
import { ASSET_TYPES } from '../../assets/assets.queries.ts';
import type { AssetType } from '../../db/schema-assets.ts';
import { adAccountPage, adAccountView, assetPage, pixelPage } from '../../assets/views.ts';
import type { Clock } from '../../clock.ts';
import type { ChangeFeed } from '../../db/change-feed.ts';
import type { Db } from '../../db/database.ts';
import { createReadCache } from '../../db/read-cache.ts';
import { AppError, notFound } from '../../errors.ts';
import { isCalendarDate } from '../calendar.ts';
import type { AppEnv } from '../context.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { booleanParam, cursor, nextCursor, pageOf, pageParams, searchParam } from '../paging.ts';
import { assetOf, profileIdOf, profileOf } from '../resolve.ts';
import { adAccount, asset, campaign, idParam, orNull, ourId, pixel, profileRef } from '../schemas.ts';
import type { Context } from 'hono';

export interface AssetRoutesDeps {
  db: Db;
  clock: Clock;
  campaigns: CampaignActions;
  /** With it, list pages are kept in memory until a commit changes what they show. */
  changes?: ChangeFeed;
}

const DAY_MS = 86_400_000;
// A long range is one big answer; three years covers any report the UI makes.
const MAX_RANGE_DAYS = 3 * 366;
// A day the calendar has (not 2024-02-30, 2023-02-29 or year 0, which PostgreSQL refuses), and
// none before 1970 (Meta's insights start decades later; a default `from` 29 days before it stays
// a date PostgreSQL takes).
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
  .refine((v) => isCalendarDate(v), 'must be a date the calendar has (YYYY-MM-DD)')
  .refine((v) => v >= '1970-01-01', 'must not be before 1970-01-01');

const accountParam = idParam('ad account', '`act_<n>`, or the bare number');
const listQuery = pageParams.extend({
  q: searchParam,
  blocked: booleanParam.optional().openapi({ description: '`true`: only assets no healthy token may use (a `blockedReason` is set); `false`: only the others.' }),
  profileId: z.string().min(1).max(200).optional().openapi({ description: 'Only assets this profile (our id or its Meta user id) reaches now, or reached until its token stopped being Active.' }),
});
const byName = cursor('text', 'id');

const listRoute = <const P extends string, const K extends string>(path: P, key: K, item: z.ZodType, what: string) =>
  defineRoute({
    method: 'get',
    path,
    tag: 'Assets',
    summary: `One page of the workspace’s ${what}, by name`,
    access: 'signedIn',
    query: listQuery,
    responses: { 200: { description: `The page: each with who reaches it and whether it is blocked.`, schema: z.strictObject({ [key]: z.array(item), nextCursor } as Record<K, z.ZodType>) } },
    errors: ['not_found'],
  });

export const assetRouteDefs = {
  adAccounts: listRoute('/api/ad-accounts', 'adAccounts', adAccount, 'ad accounts'),
  pages: listRoute('/api/pages', 'pages', asset, 'fan pages'),
  pixels: listRoute('/api/pixels', 'pixels', pixel, 'pixels'),
  catalogs: listRoute('/api/catalogs', 'catalogs', asset, 'product catalogs'),
  adAccount: defineRoute({
    method: 'get',
    path: '/api/ad-accounts/{id}',
    tag: 'Assets',
    summary: 'One ad account',
    access: 'signedIn',
    params: z.object({ id: accountParam }),
    responses: { 200: { description: 'The ad account.', schema: z.strictObject({ adAccount }) } },
    errors: ['not_found'],
  }),
  insights: defineRoute({
    method: 'get',
    path: '/api/ad-accounts/{id}/insights',
    tag: 'Assets',
    summary: 'Stored daily insights of an ad account (readable whatever the token status)',
    access: 'signedIn',
    params: z.object({ id: accountParam }),
    query: z.object({
      from: date.optional().openapi({ description: `First day (default: 29 days before \`to\`); a day the calendar has, from 1970-01-01, at most ${MAX_RANGE_DAYS} days before \`to\`.` }),
      to: date.optional().openapi({ description: 'Last day (default: today); a day the calendar has, from 1970-01-01.' }),
    }),
    responses: {
      200: {
        description: 'One row per stored day in the range.',
        schema: z.strictObject({
          adAccountId: ourId,
          from: z.string(),
          to: z.string(),
          rows: z.array(z.strictObject({ date: z.string(), spend: z.number(), impressions: z.number(), clicks: z.number() })),
        }),
      },
    },
    errors: ['not_found'],
  }),
  campaigns: defineRoute({
    method: 'get',
    path: '/api/ad-accounts/{id}/campaigns',
    tag: 'Assets',
    summary: 'The stored campaigns of an ad account, and whether they may be managed now',
    access: 'signedIn',
    params: z.object({ id: accountParam }),
    responses: {
      200: {
        description: 'The campaigns, by name.',
        schema: z.strictObject({ adAccountId: ourId, canManage: z.boolean(), blockedReason: adAccount.shape.blockedReason, campaigns: z.array(campaign) }),
      },
    },
    errors: ['not_found'],
  }),
  campaignStatus: defineRoute({
    method: 'post',
    path: '/api/ad-accounts/{id}/campaigns/{campaignId}/status',
    tag: 'Assets',
    summary: 'Pause or resume a campaign (a healthy token that may manage the account is needed)',
    access: { scopes: ['campaigns:manage'] },
    params: z.object({ id: accountParam, campaignId: idParam('campaign', 'its number') }),
    body: z.object({ status: z.enum(['PAUSED', 'ACTIVE']) }),
    responses: { 200: { description: 'The campaign as Meta now has it.', schema: z.strictObject({ campaign }) } },
    errors: ['not_found', 'token_unavailable', 'rate_limited', 'meta_unavailable', 'meta_rejected', 'meta_version_refused'],
  }),
  profileAssets: defineRoute({
    method: 'get',
    path: '/api/meta-users/{id}/assets',
    tag: 'Meta profiles',
    summary: 'What one profile reaches (for a profile that is not Active: what it reached when it stopped), by kind then name, each with who still covers it and what stopped',
    access: 'signedIn',
    params: z.object({ id: idParam('profile', 'its Meta user id') }),
    query: pageParams.extend({ type: z.enum(ASSET_TYPES as [AssetType, ...AssetType[]]).optional().openapi({ description: 'Only this kind.' }), q: searchParam }),
    responses: {
      200: {
        description: 'The page.',
        schema: z.strictObject({
          assets: z.array(
            z
              .strictObject({
                type: z.enum(ASSET_TYPES as [AssetType, ...AssetType[]]),
                id: ourId,
                metaId: z.string(),
                name: z.string(),
                tasks: z.array(z.string()).openapi({ description: 'Meta’s tasks on it, when its list says them (pages).' }),
                coveredBy: orNull(profileRef).openapi({ description: 'Another Active profile that may still use it (the broker’s first choice: read an ad account, use a page, pixel or catalog), or null.' }),
                stops: z
                  .array(z.enum(STOPS))
                  .openapi({ description: 'What stopped with this profile’s token because no other healthy token may do it: an ad account’s `sync`, `launches` and `campaign_actions`; another asset’s `use`. Empty while the profile is Active.' }),
              })
              .openapi('ProfileAsset'),
          ),
          nextCursor,
        }),
      },
    },
    errors: ['not_found'],
  }),
};

const byKindAndName = cursor('text', 'text', 'id');

const campaignView = (row: Awaited<ReturnType<typeof listCampaigns>>[number]) => ({
  id: row.id,
  metaId: row.metaId,
  adAccountId: row.adAccountId,
  name: row.name,
  status: row.status,
  effectiveStatus: row.effectiveStatus,
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * Assets of the caller's workspace (session or API key). Path ids are ours or Meta's; each object
 * carries both (`id`, `metaId`). Another workspace's id answers 404.
 */
export function assetRoutes(deps: AssetRoutesDeps) {
  const { db } = deps;
  // A list page depends on the assets (names, owners, last sync), who reaches them and the
  // profiles' health: any of those topics drops the workspace's pages.
  const TOPICS = ['profiles:', 'assets:', 'asset-views:'];
  const pages = deps.changes
    ? createReadCache<Uint8Array<ArrayBuffer>>(deps.changes, {
        topicOf: (payload) => {
          const topic = TOPICS.find((t) => payload.startsWith(t));
          return topic ? payload.slice(topic.length) : undefined;
        },
        maxEntries: 5_000,
      })
    : undefined;
  const encoder = new TextEncoder();

  const account = async (workspaceId: string, raw: string) => {
    const identity = await assetOf(db, workspaceId, 'ad_account', raw);
    const found = await adAccountView(db, workspaceId, identity.id);
    if (!found) throw notFound('Ad account');
    return found;
  };

  /** One page of a list as the bytes sent, from memory while nothing it shows changed. */
  function list<K extends string, V extends { id: string; name: string }>(key: K, load: (filter: AssetListFilter) => Promise<V[]>) {
    return async (c: Context<AppEnv>, { auth, query }: { auth: { workspaceId: string }; query: z.output<typeof listQuery> }) => {
      const after = query.after === undefined ? undefined : byName.decode(query.after);
      const profileId = query.profileId === undefined ? undefined : await profileIdOf(db, auth.workspaceId, query.profileId);
      const build = async () => {
        const filter: AssetListFilter = { workspaceId: auth.workspaceId, q: query.q, profileId, blocked: query.blocked === undefined ? undefined : { value: query.blocked, purposes: [] }, after, limit: query.limit + 1 };
        const page = pageOf(await load(filter), query.limit, byName, (row) => [row.name, row.id]);
        return encoder.encode(JSON.stringify({ [key]: page.rows, nextCursor: page.nextCursor }));
      };
      const cacheKey = JSON.stringify([key, query.limit, query.after ?? '', query.q ?? '', query.blocked ?? '', profileId ?? '']);
      const body = pages ? await pages.get(auth.workspaceId, cacheKey, build) : await build();
      return { raw: c.body(body, 200, { 'content-type': 'application/json' }) };
    };
  }

  return (app: ApiApp) => {
    const defs = assetRouteDefs;
    mount(app, defs.adAccounts, list('adAccounts', (filter) => adAccountPage(db, filter)));
    mount(app, defs.pages, list('pages', (filter) => assetPage(db, 'page', filter)));
    mount(app, defs.pixels, list('pixels', (filter) => pixelPage(db, filter)));
    mount(app, defs.catalogs, list('catalogs', (filter) => assetPage(db, 'catalog', filter)));

    mount(app, defs.adAccount, async (_c, { auth, params }) => ({ status: 200, body: { adAccount: await account(auth.workspaceId, params.id) } }));

    // History stays readable whatever the token status: no token is involved.
    mount(app, defs.insights, async (_c, { auth, params, query }) => {
      const found = await account(auth.workspaceId, params.id);
      const today = new Date(deps.clock.now()).toISOString().slice(0, 10);
      const to = query.to ?? today;
      const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
      const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
      if (days < 0) throw new AppError('invalid_input', `from: must not be after to (${to})`);
      if (days > MAX_RANGE_DAYS) throw new AppError('invalid_input', `from: at most ${MAX_RANGE_DAYS} days before to (${to})`);
      return { status: 200, body: { adAccountId: found.id, from, to, rows: await readInsights(db, found.id, { from, to }) } };
    });

    mount(app, defs.campaigns, async (_c, { auth, params }) => {
      const found = await account(auth.workspaceId, params.id);
      const campaigns = await listCampaigns(db, found.id);
      return { status: 200, body: { adAccountId: found.id, canManage: found.canManage, blockedReason: found.blockedReason, campaigns: campaigns.map(campaignView) } };
    });

    // Members manage campaigns (marketers), and so may other services with an API key.
    mount(app, defs.campaignStatus, async (_c, { auth, params, body }) => {
      const updated = await deps.campaigns.setStatus(auth.workspaceId, params.id, params.campaignId, body.status);
      return { status: 200, body: { campaign: campaignView(updated) } };
    });

    mount(app, defs.profileAssets, async (_c, { auth, params, query }) => {
      const profile = await profileOf(db, auth.workspaceId, params.id);
      const after = query.after === undefined ? undefined : byKindAndName.decode(query.after);
      const rows = await profileAssetPage(db, profile, { type: query.type, q: query.q, after, limit: query.limit + 1 });
      const page = pageOf(rows, query.limit, byKindAndName, (row) => [row.type, row.name, row.id]);
      return { status: 200, body: { assets: page.rows, nextCursor: page.nextCursor } };
    });
  };
}
