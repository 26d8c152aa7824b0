import type { Hono } from 'hono';
import { tokenCause } from '../../src/meta/token-causes.ts';
import { REQUESTED_SCOPES } from '../../src/tokens/scopes.ts';

/**
 * Contract-shaped answers for the page tests: every token status, a profile Meta would not
 * renew, System User tokens, every blocked reason, a refused campaign action. Served in front of
 * the real service, so the pages are exercised on states that take a long story to reach for real.
 */
const DAY = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

// The service's own list (no copy): the pages read it from GET /api/permissions, served by the real service.
const REQUESTED: string[] = [...REQUESTED_SCOPES];
// A cause as the service sends it (its one table, no copy): the key and the words in each language.
const causeOf = (code: number | null, subcode: number | null) => {
  const { key, en, it } = tokenCause(code, subcode);
  return { causeKey: key, causeWords: { en, it } };
};
const noCause = { cause: null, causeKey: null, causeWords: null };
const aurora = { id: 'b1', metaId: '1402958830112001', name: 'Agenzia Aurora Digitale' };
const northwind = { id: 'b2', metaId: '1402958830112002', name: 'Northwind Retail Ltd' };

export const META_USERS = [
  {
    id: 'u1', metaId: '10228401551906001', name: 'Giulia Rossi', tokenType: 'user', status: 'active', expiresAt: iso(5 * DAY + 3_600_000), dataAccessExpiresAt: iso(80 * DAY),
    businesses: [aurora], grantedScopes: REQUESTED.filter((s) => s !== 'catalog_management'), declinedScopes: ['catalog_management'], needsReconnect: true, lastError: null, connectedBy: null,
    statusChangedAt: iso(-30 * DAY), lastRefreshedAt: iso(-DAY), impact: null,
  },
  {
    id: 'u2', metaId: '10228401551906002', name: 'Marco Bianchi', tokenType: 'user', status: 'inactive', expiresAt: iso(40 * DAY), dataAccessExpiresAt: iso(70 * DAY),
    businesses: [], grantedScopes: REQUESTED, declinedScopes: [], needsReconnect: false, lastError: { code: 102, subcode: null, message: 'Session has expired', ...causeOf(102, null), at: iso(-2 * 3_600_000) }, connectedBy: null,
    statusChangedAt: iso(-2 * 3_600_000), lastRefreshedAt: iso(-10 * DAY), impact: { adAccounts: 0, uncovered: 0 },
  },
  {
    id: 'u3', metaId: '10228401551906003', name: 'Emma Clarke', tokenType: 'user', status: 'expired', expiresAt: iso(20 * DAY), dataAccessExpiresAt: iso(60 * DAY),
    businesses: [northwind], grantedScopes: REQUESTED, declinedScopes: [], needsReconnect: false, lastError: { code: 190, subcode: 460, message: 'Error validating access token', ...causeOf(190, 460), at: iso(-DAY) }, connectedBy: null,
    statusChangedAt: iso(-DAY), lastRefreshedAt: null, impact: { adAccounts: 1, uncovered: 1 },
  },
  {
    id: 'u4', metaId: '61550000000001', name: 'Aurora Sync', tokenType: 'system_user', status: 'active', expiresAt: null, dataAccessExpiresAt: null,
    businesses: [aurora, northwind], grantedScopes: ['ads_read', 'ads_management', 'business_management', 'pages_show_list', 'catalog_management'], declinedScopes: [], needsReconnect: false, lastError: null, connectedBy: null,
    statusChangedAt: iso(-90 * DAY), lastRefreshedAt: null, impact: null,
  },
];

const EVENTS: Record<string, unknown[]> = {
  u2: [
    { id: 'e1', at: iso(-30 * DAY), kind: 'connected', oldStatus: null, newStatus: 'active', code: null, subcode: null, fbtraceId: null, ...noCause, message: 'Connected', details: null },
    { id: 'e2', at: iso(-10 * DAY), kind: 'refreshed', oldStatus: null, newStatus: null, code: null, subcode: null, fbtraceId: null, ...noCause, message: 'Token refreshed', details: null },
    { id: 'e3', at: iso(-2 * 3_600_000), kind: 'status_changed', oldStatus: 'active', newStatus: 'inactive', code: 102, subcode: null, fbtraceId: 'AbCdEf123', cause: 'Meta session invalid (API session error)', ...causeOf(102, null), message: 'Session has expired', details: null },
  ],
  u3: [
    { id: 'e4', at: iso(-DAY), kind: 'status_changed', oldStatus: 'active', newStatus: 'expired', code: 190, subcode: 460, fbtraceId: 'Xyz987', cause: 'Password changed on Meta', ...causeOf(190, 460), message: 'Error validating access token', details: null },
  ],
};

export const AD_ACCOUNTS = [
  { id: 'a1', metaId: 'act_2300000000000001', name: 'Trattoria da Gino – Ristorante', businessId: 'b1', businessName: aurora.name, profileIds: ['u4'], lapsedProfileIds: [], canSync: true, canManage: true, blockedReason: null, lastSyncedAt: iso(-2 * 3_600_000), lastSyncError: null, currency: 'EUR' },
  { id: 'a2', metaId: 'act_2300000000000004', name: 'Northwind UK – Always On', businessId: 'b2', businessName: northwind.name, profileIds: [], lapsedProfileIds: ['u3'], canSync: false, canManage: false, blockedReason: 'token_expired', lastSyncedAt: iso(-DAY - 3_600_000), lastSyncError: null, currency: 'GBP' },
  { id: 'a3', metaId: 'act_2300000000000003', name: 'Palestra Vita – Iscrizioni', businessId: 'b1', businessName: aurora.name, profileIds: [], lapsedProfileIds: [], canSync: false, canManage: false, blockedReason: 'no_permission', lastSyncedAt: null, lastSyncError: null, currency: null },
  { id: 'a4', metaId: 'act_2300000000000002', name: 'Moda Milano – E-commerce', businessId: 'b1', businessName: aurora.name, profileIds: ['u1'], lapsedProfileIds: [], canSync: true, canManage: false, blockedReason: 'scope_declined', lastSyncedAt: iso(-5 * 3_600_000), lastSyncError: null, currency: 'EUR' },
];

const campaigns: Record<string, Array<{ id: string; metaId: string; name: string; status: string }>> = {
  a1: [
    { id: 'c1', metaId: '120210000000001', name: 'Pranzo di lavoro – Bologna centro', status: 'ACTIVE' },
    { id: 'c2', metaId: '120210000000002', name: 'Cena romantica – San Valentino', status: 'PAUSED' },
  ],
  a2: [{ id: 'c3', metaId: '120210000000301', name: 'Brand awareness – UK', status: 'ACTIVE' }],
};

const IMPACT_BROKEN =
  'Until you reconnect, data sync stops for the ad accounts that have no other healthy token, and new launches and campaign actions (pause, resume, edit) are refused. Campaigns keep running on Meta, and data already synced stays readable.';

/** As GET /api/notifications answers since issue 9: with the profile's name, cause, impact and where to act. */
export const NOTIFICATIONS = () => [
  {
    id: 'n1', type: 'token_expired', message: 'Meta token expired — Reconnect your Meta profile', profileId: 'u3', createdAt: iso(-DAY), readAt: null, resolvedAt: null,
    profileName: 'Emma Clarke', cause: 'The password of the Meta account was changed', impact: IMPACT_BROKEN, actionPath: '/connect/meta/reconnect/u3',
  },
  {
    id: 'n2', type: 'token_inactive', message: 'Meta token deactivated — Reconnect your Meta profile', profileId: 'u2', createdAt: iso(-2 * 3_600_000), readAt: null, resolvedAt: null,
    profileName: 'Marco Bianchi', cause: 'Meta invalidated the session', impact: IMPACT_BROKEN, actionPath: '/connect/meta/reconnect/u2',
  },
  {
    id: 'n3', type: 'token_recovered', message: 'Meta profile active again — sync resumes', profileId: 'u1', createdAt: iso(-3 * DAY), readAt: iso(-2 * DAY), resolvedAt: iso(-2 * DAY),
    profileName: 'Giulia Rossi', cause: 'The profile was reconnected', impact: 'Nothing is blocked any more: data sync resumes and campaign actions are allowed again.', actionPath: '/meta-users/u1',
  },
];

/** Stored spend for the last 60 days, but none for the 3 most recent (the account is blocked). */
export function insightRows(from: string, to: string) {
  const rows = [];
  for (let offset = -60; offset <= -3; offset++) {
    const date = day(offset);
    if (date < from || date > to) continue;
    const seed = Math.abs(Math.sin(offset * 12.9898) * 43758.5453) % 1;
    rows.push({ date, spend: Math.round((40 + seed * 90) * 100) / 100, impressions: Math.round(4000 + seed * 9000), clicks: Math.round(60 + seed * 200) });
  }
  return rows;
}

export function contractFakes(state: { notifications: ReturnType<typeof NOTIFICATIONS>; statusCalls: string[] }) {
  return (app: Hono) => {
    // Pages of 3 unless asked otherwise, so the list's "Show more" is exercised; the cursor is the offset.
    app.get('/api/meta-users', (c) => {
      const size = Number(c.req.query('limit') ?? 3);
      const from = Number(c.req.query('after') ?? 0);
      const next = from + size < META_USERS.length ? String(from + size) : null;
      return c.json({ metaUsers: META_USERS.slice(from, from + size), nextCursor: next });
    });
    app.get('/api/meta-users/:id', (c) => {
      const found = META_USERS.find((user) => user.id === c.req.param('id'));
      return found ? c.json({ metaUser: found }) : c.json({ error: { code: 'not_found', message: 'Meta profile not found' } }, 404);
    });
    // "Sync now": u1 renews and finds assets changed; u2 is Inactive, so there is nothing to check.
    app.get('/api/meta-users/:id/sync', (c) =>
      c.json(c.req.param('id') === 'u1' ? { lastSync: { startedAt: iso(-5 * 60_000), finishedAt: iso(-5 * 60_000 + 2000), summary: null }, nextAllowedAt: iso(0) } : { lastSync: null, nextAllowedAt: iso(0) }),
    );
    app.post('/api/meta-users/:id/sync', (c) => {
      const user = META_USERS.find((u) => u.id === c.req.param('id'));
      if (!user) return c.json({ error: { code: 'not_found', message: 'Meta profile not found' } }, 404);
      const active = user.status === 'active';
      const count = (added: number, removed: number) => ({ added, removed, changed: 0 });
      return c.json({
        sync: {
          profileId: user.id, startedAt: iso(0), finishedAt: iso(0),
          verification: active ? 'valid' : 'not_active',
          refresh: active ? 'refreshed' : 'skipped',
          assets: active ? { tokens: 1, adAccounts: count(1, 0), pages: count(0, 2), pixels: count(0, 0), catalogs: count(0, 0), failedTokens: 0, failures: [] } : null,
          assetsSkipped: active ? null : 'token_not_active',
          status: user.status,
        },
        metaUser: user,
      });
    });
    app.get('/api/meta-users/:id/events', (c) => c.json({ events: EVENTS[c.req.param('id')] ?? [], nextCursor: null }));
    // One paged list, by kind (`?type=`), as GET /api/meta-users/{id}/assets answers.
    app.get('/api/meta-users/:id/assets', (c) => {
      const assets = [
        // As the API answers it: for a broken profile, what it reached, who still covers it, what stopped.
        ...AD_ACCOUNTS.filter((a) => [...a.profileIds, ...a.lapsedProfileIds].includes(c.req.param('id'))).map(({ id, metaId, name, lapsedProfileIds }) => ({
          type: 'ad_account', id, metaId, name, tasks: [], coveredBy: null, stops: (lapsedProfileIds as string[]).includes(c.req.param('id')) ? ['sync', 'launches', 'campaign_actions'] : [],
        })),
        { type: 'page', id: 'p1', metaId: '104400000000001', name: 'Trattoria da Gino', tasks: ['ADVERTISE'], coveredBy: { id: 'u4', name: 'Aurora Sync' }, stops: [] },
        { type: 'catalog', id: 'k1', metaId: '990000000000001', name: 'Catalogo Moda Milano – Primavera/Estate', tasks: [], coveredBy: { id: 'u4', name: 'Aurora Sync' }, stops: [] },
      ];
      const type = c.req.query('type');
      return c.json({ assets: assets.filter((a) => !type || a.type === type), nextCursor: null });
    });
    app.get('/api/notifications', (c) => c.json({ notifications: state.notifications, nextCursor: null, unread: state.notifications.filter((n) => !n.readAt && !n.resolvedAt).length }));
    app.post('/api/notifications/:id/read', (c) => {
      const found = state.notifications.find((n) => n.id === c.req.param('id'));
      if (!found) return c.json({ error: { code: 'not_found', message: 'Notification not found' } }, 404);
      found.readAt = new Date().toISOString();
      return c.body(null, 204);
    });
    app.get('/api/ad-accounts', (c) => c.json({ adAccounts: AD_ACCOUNTS, nextCursor: null }));
    app.get('/api/ad-accounts/:id', (c) => {
      const found = AD_ACCOUNTS.find((a) => a.id === c.req.param('id'));
      return found ? c.json({ adAccount: found }) : c.json({ error: { code: 'not_found', message: 'Ad account not found' } }, 404);
    });
    app.get('/api/ad-accounts/:id/insights', (c) => c.json({ rows: insightRows(c.req.query('from') ?? day(-29), c.req.query('to') ?? day(0)) }));
    app.get('/api/ad-accounts/:id/campaigns', (c) => c.json({ campaigns: campaigns[c.req.param('id')] ?? [] }));
    app.post('/api/ad-accounts/:id/campaigns/:campaignId/status', async (c) => {
      const account = AD_ACCOUNTS.find((a) => a.id === c.req.param('id'));
      const { status } = (await c.req.json()) as { status: string };
      state.statusCalls.push(`${c.req.param('campaignId')}:${status}:${c.req.header('origin') ?? 'no-origin'}`);
      if (account?.blockedReason) {
        return c.json({ error: { code: 'token_unavailable', reason: account.blockedReason, message: 'No healthy token may manage this ad account.' } }, 409);
      }
      const campaign = campaigns[c.req.param('id')]?.find((x) => x.id === c.req.param('campaignId'));
      if (!campaign) return c.json({ error: { code: 'not_found', message: 'Campaign not found' } }, 404);
      campaign.status = status;
      return c.json({ campaign });
    });
  };
}
