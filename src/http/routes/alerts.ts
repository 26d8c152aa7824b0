import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Member } from '../../accounts/accounts.queries.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { listDeliveries } from '../../notifications/deliveries.queries.ts';
import { listOutbox } from '../../notifications/outbox.queries.ts';
import { ALERT_TYPES, CHANNELS, CRITICAL_TYPES, preferenceKey } from '../../notifications/preferences.ts';
import { preferencesOf, requireCriticalOf, savePreferences, saveRequireCritical } from '../../notifications/preferences.queries.ts';
import { deleteLink, getBot, getLink } from '../../notifications/telegram.queries.ts';
import { createLinkCode, pollTelegramUpdates, removeWorkspaceBot, setWorkspaceBot, type TelegramDeps } from '../../notifications/telegram-link.ts';
import { requireAdmin, requireMember } from '../auth.ts';
import type { AppEnv } from '../context.ts';
import { jsonBody } from '../validate.ts';

export interface AlertRoutesDeps {
  db: Db;
  clock: Clock;
  emailAvailable: boolean;
  demoMode: boolean;
  telegram: TelegramDeps;
}

const preferencesBody = z.object({
  preferences: z
    .array(z.object({ type: z.enum(ALERT_TYPES), channel: z.enum(['email', 'telegram']), enabled: z.boolean() }))
    .min(1)
    .max(50),
});
const limitParam = (c: Context, fallback: number) => {
  const raw = Number(c.req.query('limit') ?? fallback);
  return Number.isInteger(raw) && raw >= 1 && raw <= 500 ? raw : fallback;
};

/**
 * Alert preferences, the workspace's Telegram bot and each member's chat link, the delivery log,
 * and the demo outbox. Session only: these are people's settings, not for API keys.
 */
export function alertRoutes(deps: AlertRoutesDeps) {
  const { db } = deps;
  const now = () => new Date(deps.clock.now());

  async function preferencesView(member: Member) {
    const [prefs, critical, bot, link] = await Promise.all([
      preferencesOf(db, [member.id]),
      requireCriticalOf(db, [member.workspaceId]),
      getBot(db, member.workspaceId),
      getLink(db, member.id),
    ]);
    const mine = prefs.get(member.id) ?? new Map<string, boolean>();
    const requireCritical = critical.has(member.workspaceId);
    return {
      channels: {
        inApp: { available: true },
        email: { available: deps.emailAvailable, address: member.email },
        telegram: { available: Boolean(bot), linked: Boolean(bot && link), botUsername: bot?.botUsername ?? null },
      },
      requireCritical,
      preferences: ALERT_TYPES.map((type) => {
        const locked = requireCritical && CRITICAL_TYPES.includes(type);
        const entry = { type, critical: CRITICAL_TYPES.includes(type), locked, inApp: true } as Record<string, unknown>;
        for (const channel of CHANNELS) entry[channel] = locked || mine.get(preferenceKey(type, channel)) !== false;
        return entry;
      }),
    };
  }

  async function telegramView(member: Member) {
    const [bot, link] = await Promise.all([getBot(db, member.workspaceId), getLink(db, member.id)]);
    return { botConfigured: Boolean(bot), botUsername: bot?.botUsername ?? null, linked: Boolean(bot && link), linkedAt: bot && link ? link.linkedAt.toISOString() : null };
  }

  return (app: Hono<AppEnv>) => {
    app.get('/api/alerts/preferences', async (c) => c.json(await preferencesView(requireMember(c))));

    app.put('/api/alerts/preferences', async (c) => {
      const member = requireMember(c);
      const input = await jsonBody(c, preferencesBody);
      const requireCritical = (await requireCriticalOf(db, [member.workspaceId])).has(member.workspaceId);
      const locked = input.preferences.find((p) => !p.enabled && requireCritical && CRITICAL_TYPES.includes(p.type));
      if (locked) throw new AppError('preference_locked', `${locked.type} alerts are required by your workspace admins and cannot be switched off.`, { type: locked.type });
      await savePreferences(db, member.id, input.preferences, now());
      return c.json(await preferencesView(member));
    });

    app.get('/api/alerts/settings', async (c) => {
      const admin = requireAdmin(c);
      return c.json({ requireCritical: (await requireCriticalOf(db, [admin.workspaceId])).has(admin.workspaceId), criticalTypes: CRITICAL_TYPES });
    });

    app.put('/api/alerts/settings', async (c) => {
      const admin = requireAdmin(c);
      const input = await jsonBody(c, z.object({ requireCritical: z.boolean() }));
      await saveRequireCritical(db, admin.workspaceId, input.requireCritical, now());
      return c.json({ requireCritical: input.requireCritical, criticalTypes: CRITICAL_TYPES });
    });

    app.get('/api/alerts/telegram', async (c) => c.json(await telegramView(requireMember(c))));

    // The token is checked with Telegram (getMe), stored encrypted, and never returned.
    app.put('/api/alerts/telegram/bot', async (c) => {
      const admin = requireAdmin(c);
      const input = await jsonBody(c, z.object({ botToken: z.string().trim().min(1).max(200) }));
      await setWorkspaceBot(deps.telegram, admin.workspaceId, input.botToken);
      return c.json(await telegramView(admin));
    });

    app.delete('/api/alerts/telegram/bot', async (c) => {
      const admin = requireAdmin(c);
      if (!(await removeWorkspaceBot(deps.telegram, admin.workspaceId))) throw new AppError('not_found', 'No Telegram bot is set for this workspace.');
      return c.body(null, 204);
    });

    app.post('/api/alerts/telegram/link-code', async (c) => {
      const member = requireMember(c);
      return c.json(await createLinkCode(deps.telegram, member), 201);
    });

    // "I sent the code": reads the bot's updates now instead of waiting for the minute poll.
    app.post('/api/alerts/telegram/check', async (c) => {
      const member = requireMember(c);
      if (!(await getBot(db, member.workspaceId))) throw new AppError('telegram_not_configured', 'An admin has to set the workspace’s Telegram bot first.');
      await pollTelegramUpdates(deps.telegram, member.workspaceId);
      return c.json(await telegramView(member));
    });

    app.delete('/api/alerts/telegram/link', async (c) => {
      const member = requireMember(c);
      if (!(await deleteLink(db, member.id))) throw new AppError('not_found', 'Telegram is not linked.');
      return c.body(null, 204);
    });

    // Members see their own deliveries; admins may ask for the whole workspace (?scope=workspace).
    app.get('/api/alerts/deliveries', async (c) => {
      const member = requireMember(c);
      const state = c.req.query('state');
      if (state !== undefined && !['pending', 'sent', 'failed'].includes(state)) throw new AppError('invalid_input', 'state must be pending, sent or failed');
      const workspaceWide = c.req.query('scope') === 'workspace';
      if (workspaceWide && member.role !== 'admin') throw new AppError('forbidden', 'Only workspace admins may see every delivery.');
      const deliveries = await listDeliveries(db, {
        workspaceId: member.workspaceId,
        ...(workspaceWide ? {} : { memberId: member.id }),
        ...(state ? { state: state as 'pending' | 'sent' | 'failed' } : {}),
        limit: limitParam(c, 100),
      });
      return c.json({ deliveries });
    });

    app.get('/api/outbox', async (c) => {
      const admin = requireAdmin(c);
      return c.json({ demoMode: deps.demoMode, messages: await listOutbox(db, admin.workspaceId, limitParam(c, 50)) });
    });
  };
}
