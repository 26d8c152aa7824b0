import type { Hono } from 'hono';
import { z } from 'zod';
import type { createCampaignActions } from '../../assets/campaigns.ts';
import { listCampaigns, readInsights } from '../../assets/data.queries.ts';
import { adAccountView, adAccountViews, assetViews, pixelViews, profileAssetViews } from '../../assets/views.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { getWorkspaceMetaUser } from '../../tokens/tokens.queries.ts';
import { requireAuth, requireScope } from '../auth.ts';
import type { AppEnv } from '../context.ts';
import { jsonBody, uuidParam } from '../validate.ts';

export interface AssetRoutesDeps {
  db: Db;
  clock: Clock;
  campaigns: ReturnType<typeof createCampaignActions>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
// A long range is one big answer; three years covers any report the UI makes.
const MAX_RANGE_DAYS = 3 * 366;

function dateParam(value: string | undefined, name: string, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new AppError('invalid_input', `${name} must be a date (YYYY-MM-DD)`);
  return value;
}

const statusBody = z.object({ status: z.enum(['PAUSED', 'ACTIVE']) });

/**
 * Assets of the caller's workspace (session or API key). Ids in paths are our row ids; each
 * object also carries Meta's id as `metaId`. Another workspace's id answers 404.
 */
export function assetRoutes(deps: AssetRoutesDeps) {
  const { db } = deps;
  const account = async (workspaceId: string, id: string) => {
    const found = await adAccountView(db, workspaceId, id);
    if (!found) throw new AppError('not_found', 'Ad account not found');
    return found;
  };

  return (app: Hono<AppEnv>) => {
    app.get('/api/ad-accounts', async (c) => {
      const auth = requireAuth(c);
      return c.json({ adAccounts: await adAccountViews(db, auth.workspaceId) });
    });

    app.get('/api/ad-accounts/:id', async (c) => {
      const auth = requireAuth(c);
      return c.json({ adAccount: await account(auth.workspaceId, uuidParam(c, 'id', 'Ad account')) });
    });

    // History stays readable whatever the token status: no token is involved.
    app.get('/api/ad-accounts/:id/insights', async (c) => {
      const auth = requireAuth(c);
      const found = await account(auth.workspaceId, uuidParam(c, 'id', 'Ad account'));
      const today = new Date(deps.clock.now()).toISOString().slice(0, 10);
      const to = dateParam(c.req.query('to'), 'to', today);
      const from = dateParam(c.req.query('from'), 'from', new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10));
      const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
      if (days < 0) throw new AppError('invalid_input', 'from must not be after to');
      if (days > MAX_RANGE_DAYS) throw new AppError('invalid_input', `the range is at most ${MAX_RANGE_DAYS} days`);
      return c.json({ adAccountId: found.id, from, to, rows: await readInsights(db, found.id, { from, to }) });
    });

    app.get('/api/ad-accounts/:id/campaigns', async (c) => {
      const auth = requireAuth(c);
      const found = await account(auth.workspaceId, uuidParam(c, 'id', 'Ad account'));
      const campaigns = await listCampaigns(db, found.id);
      return c.json({
        adAccountId: found.id,
        canManage: found.canManage,
        blockedReason: found.blockedReason,
        campaigns: campaigns.map(campaignView),
      });
    });

    // Members manage campaigns (marketers), and so may other services with an API key.
    app.post('/api/ad-accounts/:id/campaigns/:campaignId/status', async (c) => {
      const auth = requireScope(c, ['campaigns:manage']);
      const adAccountId = uuidParam(c, 'id', 'Ad account');
      const campaignId = uuidParam(c, 'campaignId', 'Campaign');
      const input = await jsonBody(c, statusBody);
      const campaign = await deps.campaigns.setStatus(auth.workspaceId, adAccountId, campaignId, input.status);
      return c.json({ campaign: campaignView(campaign) });
    });

    app.get('/api/pages', async (c) => {
      const auth = requireAuth(c);
      return c.json({ pages: await assetViews(db, auth.workspaceId, 'page') });
    });

    app.get('/api/pixels', async (c) => {
      const auth = requireAuth(c);
      return c.json({ pixels: await pixelViews(db, auth.workspaceId) });
    });

    app.get('/api/catalogs', async (c) => {
      const auth = requireAuth(c);
      return c.json({ catalogs: await assetViews(db, auth.workspaceId, 'catalog') });
    });

    app.get('/api/meta-users/:id/assets', async (c) => {
      const auth = requireAuth(c);
      const profile = await getWorkspaceMetaUser(db, auth.workspaceId, uuidParam(c, 'id', 'Meta profile'));
      if (!profile) throw new AppError('not_found', 'Meta profile not found');
      return c.json(await profileAssetViews(db, profile.id));
    });
  };
}

function campaignView(campaign: { id: string; metaId: string; adAccountId: string; name: string; status: string; effectiveStatus: string | null; updatedAt: Date }) {
  return {
    id: campaign.id,
    metaId: campaign.metaId,
    adAccountId: campaign.adAccountId,
    name: campaign.name,
    status: campaign.status,
    effectiveStatus: campaign.effectiveStatus,
    updatedAt: campaign.updatedAt.toISOString(),
  };
}
