import type { Member } from '../../accounts/accounts.queries.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { pageDeliveries } from '../../notifications/deliveries.queries.ts';
import { pageOutbox } from '../../notifications/outbox.queries.ts';
import { ALERT_TYPES, CHANNELS, CRITICAL_TYPES, preferenceKey } from '../../notifications/preferences.ts';
import { preferencesOf, requireCriticalOf, savePreferences, saveRequireCritical } from '../../notifications/preferences.queries.ts';
import { deleteLink, getBot, getLink } from '../../notifications/telegram.queries.ts';
import { createLinkCode, pollTelegramUpdates, removeWorkspaceBot, setWorkspaceBot, type TelegramDeps } from '../../notifications/telegram-link.ts';
import { mount, type ApiApp } from '../openapi.ts';
import { cursor, pageOf } from '../paging.ts';
import { alertRouteDefs as defs } from './alerts-contract.ts';

export interface AlertRoutesDeps {
  db: Db;
  clock: Clock;
  emailAvailable: boolean;
  demoMode: boolean;
  telegram: TelegramDeps;
}

const newestFirst = cursor('time', 'id');
const criticalTypes = () => ALERT_TYPES.filter((type) => CRITICAL_TYPES.includes(type));

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
    const enabled = (type: (typeof ALERT_TYPES)[number], locked: boolean) => Object.fromEntries(CHANNELS.map((channel) => [channel, locked || mine.get(preferenceKey(type, channel)) !== false])) as Record<'email' | 'telegram', boolean>;
    return {
      channels: {
        inApp: { available: true },
        email: { available: deps.emailAvailable, address: member.email },
        telegram: { available: Boolean(bot), linked: Boolean(bot && link), botUsername: bot?.botUsername ?? null },
      },
      requireCritical,
      preferences: ALERT_TYPES.map((type) => {
        const locked = requireCritical && CRITICAL_TYPES.includes(type);
        return { type, critical: CRITICAL_TYPES.includes(type), locked, inApp: true, ...enabled(type, locked) };
      }),
    };
  }

  async function telegramView(member: Member) {
    const [bot, link] = await Promise.all([getBot(db, member.workspaceId), getLink(db, member.id)]);
    return { botConfigured: Boolean(bot), botUsername: bot?.botUsername ?? null, linked: Boolean(bot && link), linkedAt: bot && link ? link.linkedAt.toISOString() : null };
  }

  return (app: ApiApp) => {
    mount(app, defs.getPreferences, async (_c, { auth }) => ({ status: 200, body: await preferencesView(auth) }));

    mount(app, defs.putPreferences, async (_c, { auth: member, body }) => {
      const requireCritical = (await requireCriticalOf(db, [member.workspaceId])).has(member.workspaceId);
      const locked = body.preferences.find((p) => !p.enabled && requireCritical && CRITICAL_TYPES.includes(p.type));
      if (locked) throw new AppError('preference_locked', `${locked.type} alerts are required by your workspace admins and cannot be switched off.`, { type: locked.type });
      await savePreferences(db, member.id, body.preferences, now());
      return { status: 200, body: await preferencesView(member) };
    });

    mount(app, defs.getSettings, async (_c, { auth: admin }) => ({
      status: 200,
      body: { requireCritical: (await requireCriticalOf(db, [admin.workspaceId])).has(admin.workspaceId), criticalTypes: criticalTypes() },
    }));

    mount(app, defs.putSettings, async (_c, { auth: admin, body }) => {
      await saveRequireCritical(db, admin.workspaceId, body.requireCritical, now());
      return { status: 200, body: { requireCritical: body.requireCritical, criticalTypes: criticalTypes() } };
    });

    mount(app, defs.getTelegram, async (_c, { auth }) => ({ status: 200, body: await telegramView(auth) }));

    // The token is checked with Telegram (getMe), stored encrypted, and never returned.
    mount(app, defs.putBot, async (_c, { auth: admin, body }) => {
      await setWorkspaceBot(deps.telegram, admin.workspaceId, body.botToken);
      return { status: 200, body: await telegramView(admin) };
    });

    mount(app, defs.deleteBot, async (_c, { auth: admin }) => {
      if (!(await removeWorkspaceBot(deps.telegram, admin.workspaceId))) throw new AppError('not_found', 'No Telegram bot is set for this workspace.');
      return { status: 204 };
    });

    mount(app, defs.linkCode, async (_c, { auth: member }) => ({ status: 201, body: await createLinkCode(deps.telegram, member) }));

    // "I sent the code": reads the bot's updates now instead of waiting for the minute poll.
    mount(app, defs.check, async (_c, { auth: member }) => {
      if (!(await getBot(db, member.workspaceId))) throw new AppError('telegram_not_configured', 'An admin has to set the workspace’s Telegram bot first.');
      await pollTelegramUpdates(deps.telegram, member.workspaceId);
      return { status: 200, body: await telegramView(member) };
    });

    mount(app, defs.unlink, async (_c, { auth: member }) => {
      if (!(await deleteLink(db, member.id))) throw new AppError('not_found', 'Telegram is not linked.');
      return { status: 204 };
    });

    // Members see their own deliveries; admins may ask for the whole workspace (?scope=workspace).
    mount(app, defs.deliveries, async (_c, { auth: member, query }) => {
      const workspaceWide = query.scope === 'workspace';
      if (workspaceWide && member.role !== 'admin') throw new AppError('forbidden', 'Only workspace admins may see every delivery.');
      const rows = await pageDeliveries(db, {
        workspaceId: member.workspaceId,
        memberId: workspaceWide ? undefined : member.id,
        state: query.state,
        after: query.after === undefined ? undefined : newestFirst.decode(query.after),
        limit: query.limit + 1,
      });
      const page = pageOf(rows, query.limit, newestFirst, (row) => [row.cursorTime, row.id]);
      return { status: 200, body: { deliveries: page.rows.map(({ cursorTime: _, ...view }) => view), nextCursor: page.nextCursor } };
    });

    mount(app, defs.outbox, async (_c, { auth: admin, query }) => {
      const rows = await pageOutbox(db, admin.workspaceId, { after: query.after === undefined ? undefined : newestFirst.decode(query.after), limit: query.limit + 1 });
      const page = pageOf(rows, query.limit, newestFirst, (row) => [row.cursorTime, row.id]);
      return { status: 200, body: { demoMode: deps.demoMode, messages: page.rows.map(({ cursorTime: _, ...mail }) => mail), nextCursor: page.nextCursor } };
    });
  };
}
