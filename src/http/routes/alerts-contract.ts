/** The alert routes' declarations: preferences, the Telegram bot and links, deliveries, the outbox. */
import { z } from '@hono/zod-openapi';
import { ALERT_TYPES } from '../../notifications/preferences.ts';
import { defineRoute } from '../openapi.ts';
import { nextCursor, pageParams } from '../paging.ts';
import { noContent, time } from '../schemas.ts';

const alertType = z.enum(ALERT_TYPES);
const preferences = z
  .strictObject({
    channels: z.strictObject({
      inApp: z.strictObject({ available: z.boolean() }),
      email: z.strictObject({ available: z.boolean(), address: z.string() }),
      telegram: z.strictObject({ available: z.boolean(), linked: z.boolean(), botUsername: z.string().nullable() }),
    }),
    requireCritical: z.boolean(),
    preferences: z.array(z.strictObject({ type: alertType, critical: z.boolean(), locked: z.boolean(), inApp: z.boolean(), email: z.boolean(), telegram: z.boolean() })),
  })
  .openapi('AlertPreferences');
const settings = z.strictObject({ requireCritical: z.boolean(), criticalTypes: z.array(alertType) }).openapi('AlertSettings');
const telegram = z.strictObject({ botConfigured: z.boolean(), botUsername: z.string().nullable(), linked: z.boolean(), linkedAt: time.nullable() }).openapi('TelegramStatus');
const deliveryState = z.enum(['pending', 'sent', 'failed']);
const delivery = z
  .strictObject({
    id: z.uuid(),
    notificationId: z.uuid(),
    notificationType: z.string(),
    profileId: z.uuid().nullable(),
    memberId: z.uuid(),
    memberEmail: z.string(),
    channel: z.enum(['email', 'telegram']),
    state: deliveryState,
    attempts: z.number().int(),
    nextAttemptAt: time.nullable(),
    lastError: z.string().nullable(),
    createdAt: time,
    sentAt: time.nullable(),
  })
  .openapi('AlertDelivery');
const mail = z
  .strictObject({ id: z.uuid(), deliveryId: z.uuid().nullable(), to: z.string(), from: z.string(), subject: z.string(), text: z.string(), html: z.string(), transport: z.enum(['outbox', 'smtp']), createdAt: time })
  .openapi('OutboxMessage');

const tag = 'Alerts';
export const alertRouteDefs = {
  getPreferences: defineRoute({ method: 'get', path: '/api/alerts/preferences', tag, summary: 'The member’s alert channels and preferences', access: 'member', responses: { 200: { description: 'Preferences.', schema: preferences } } }),
  putPreferences: defineRoute({
    method: 'put',
    path: '/api/alerts/preferences',
    tag,
    summary: 'Switch alert types on or off per channel',
    access: 'member',
    body: z.object({ preferences: z.array(z.object({ type: alertType, channel: z.enum(['email', 'telegram']), enabled: z.boolean() })).min(1).max(50) }),
    responses: { 200: { description: 'Preferences now.', schema: preferences } },
    errors: ['preference_locked'],
  }),
  getSettings: defineRoute({ method: 'get', path: '/api/alerts/settings', tag, summary: 'Workspace alert settings', access: 'admin', responses: { 200: { description: 'Settings.', schema: settings } } }),
  putSettings: defineRoute({
    method: 'put',
    path: '/api/alerts/settings',
    tag,
    summary: 'Require critical alerts for everyone',
    access: 'admin',
    body: z.object({ requireCritical: z.boolean() }),
    responses: { 200: { description: 'Settings now.', schema: settings } },
  }),
  getTelegram: defineRoute({ method: 'get', path: '/api/alerts/telegram', tag, summary: 'The workspace bot and the member’s link', access: 'member', responses: { 200: { description: 'Status.', schema: telegram } } }),
  putBot: defineRoute({
    method: 'put',
    path: '/api/alerts/telegram/bot',
    tag,
    summary: 'Set the workspace’s Telegram bot (checked with Telegram, stored encrypted, never returned)',
    access: 'admin',
    body: z.object({ botToken: z.string().trim().min(1).max(200) }),
    responses: { 200: { description: 'Status.', schema: telegram } },
    errors: ['invalid_token', 'telegram_unavailable'],
  }),
  deleteBot: defineRoute({ method: 'delete', path: '/api/alerts/telegram/bot', tag, summary: 'Remove the workspace’s bot', access: 'admin', responses: { 204: noContent }, errors: ['not_found'] }),
  linkCode: defineRoute({
    method: 'post',
    path: '/api/alerts/telegram/link-code',
    tag,
    summary: 'A one-time code to link the member’s Telegram chat',
    access: 'member',
    responses: { 201: { description: 'The code.', schema: z.strictObject({ code: z.string(), command: z.string(), botUsername: z.string(), deepLink: z.string(), expiresAt: time }).openapi('TelegramLinkCode') } },
    errors: ['telegram_not_configured'],
  }),
  check: defineRoute({
    method: 'post',
    path: '/api/alerts/telegram/check',
    tag,
    summary: '“I sent the code”: read the bot’s updates now',
    access: 'member',
    responses: { 200: { description: 'Status.', schema: telegram } },
    errors: ['telegram_not_configured', 'telegram_unavailable'],
  }),
  unlink: defineRoute({ method: 'delete', path: '/api/alerts/telegram/link', tag, summary: 'Unlink the member’s Telegram chat', access: 'member', responses: { 204: noContent }, errors: ['not_found'] }),
  deliveries: defineRoute({
    method: 'get',
    path: '/api/alerts/deliveries',
    tag,
    summary: 'Email and Telegram deliveries, newest first: the member’s own, or the workspace’s (admins, `scope=workspace`)',
    access: 'member',
    query: pageParams.extend({
      state: deliveryState.optional().openapi({ description: 'Only deliveries in this state.' }),
      scope: z.enum(['mine', 'workspace']).default('mine'),
    }),
    responses: { 200: { description: 'One page.', schema: z.strictObject({ deliveries: z.array(delivery), nextCursor }) } },
  }),
  outbox: defineRoute({
    method: 'get',
    path: '/api/outbox',
    tag,
    summary: 'The mail the service wrote (demo mode keeps every email here), newest first',
    access: 'admin',
    query: pageParams,
    responses: { 200: { description: 'One page.', schema: z.strictObject({ demoMode: z.boolean(), messages: z.array(mail), nextCursor }) } },
  }),
};
