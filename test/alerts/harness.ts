import { expect } from 'vitest';
import type { World } from '../../src/emulator/world.ts';
import { startTelegramFake, type TelegramFake } from '../helpers/telegram-fake.ts';
import { startTestService, type TestService } from '../helpers/service.ts';
import { startSmtpSink, type SmtpSink } from './smtp.ts';

export const BOT_TOKEN = '7000000001:AAHk1u2v3w4x5y6z7A8B9C0D1E2F3G4H5I6';
export const BOT_USERNAME = 'wevion_alerts_bot';

export const PEOPLE = {
  giulia: { metaId: '10001', email: 'giulia@example.it', password: 'giulia-pass' },
  mark: { metaId: '10002', email: 'mark@example.com', password: 'mark-pass' },
} as const;

export interface Person {
  cookie: string;
  memberId: string;
  workspaceId: string;
  email: string;
}

export interface AlertsWorld {
  s: TestService;
  smtp: SmtpSink;
  telegram: TelegramFake;
  close(): Promise<void>;
  /** What the minute sweep does: dispatch what was missed, send what is due (first tries and retries). */
  sweep(): Promise<{ dispatched: number; sent: number; retry: number; failed: number; skipped: number }>;
  /** Moves our clock and the emulator's: retries and warnings wait on it, nothing sleeps. */
  advance(seconds: number): Promise<void>;
  signIn(workspace: string, locale: 'it' | 'en', role?: 'admin' | 'member'): Promise<Person>;
  setBot(admin: Person): Promise<void>;
  /** The /start handshake: a link code, the person writing it to the bot, the member's "check". */
  linkTelegram(person: Person, chatId: number): Promise<void>;
  connect(person: Person, who: keyof typeof PEOPLE): Promise<string>;
  /** A Graph call through the service with the profile's token (answered 190 once Meta invalidated it). */
  proxy(person: Person, profileId: string): Promise<Response>;
  mailsTo(email: string): SmtpSink['received'];
  /** Alerts the bot sent to a chat (not the replies of the link handshake). */
  alertsTo(chatId: number): ReturnType<TelegramFake['sent']>;
  deliveries(person: Person, query?: string): Promise<Array<{ channel: string; state: string; attempts: number; lastError: string | null; notificationType: string; memberEmail: string }>>;
  notifications(person: Person): Promise<Array<{ type: string; message: string; resolvedAt: string | null; cause: string; impact: string; actionPath: string; profileName: string | null }>>;
}

export async function startAlertsWorld(options: { world?: World; env?: Record<string, string> } = {}): Promise<AlertsWorld> {
  const smtp = await startSmtpSink();
  const telegram = await startTelegramFake();
  telegram.addBot(BOT_TOKEN, BOT_USERNAME);
  const s = await startTestService({
    ...(options.world ? { world: options.world } : {}),
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Wevion Alerts <alerts@wevion.test>', TELEGRAM_API_URL: telegram.url, SESSION_TTL_HOURS: '2160', ...options.env },
  });
  const json = async <T>(response: Response | Promise<Response>, status = 200): Promise<T> => {
    const r = await response;
    const text = await r.text();
    expect(r.status, text).toBe(status);
    return (text ? JSON.parse(text) : null) as T;
  };

  const world: AlertsWorld = {
    s,
    smtp,
    telegram,
    close: async () => {
      await s.close();
      await smtp.close();
      await telegram.close();
    },
    sweep: async () => (await s.queue.runNow('notification-sweep')) as Awaited<ReturnType<AlertsWorld['sweep']>>,
    advance: (seconds) => s.advance(seconds),
    signIn: async (workspace, locale, role = 'member') => s.signIn({ workspace, locale, role }),
    setBot: async (admin) => {
      const body = await json<{ botConfigured: boolean; botUsername: string }>(s.request('/api/alerts/telegram/bot', { method: 'PUT', cookie: admin.cookie, json: { botToken: BOT_TOKEN } }));
      expect(body).toMatchObject({ botConfigured: true, botUsername: BOT_USERNAME });
    },
    linkTelegram: async (person, chatId) => {
      const code = await json<{ code: string; command: string; deepLink: string }>(s.request('/api/alerts/telegram/link-code', { method: 'POST', cookie: person.cookie }), 201);
      expect(code.deepLink).toBe(`https://t.me/${BOT_USERNAME}?start=${code.code}`);
      telegram.userWrites(BOT_TOKEN, chatId, code.command);
      const status = await json<{ linked: boolean }>(s.request('/api/alerts/telegram/check', { method: 'POST', cookie: person.cookie }));
      expect(status.linked).toBe(true);
    },
    connect: async (person, who) => {
      const back = await s.connect(person.cookie, { email: PEOPLE[who].email, password: PEOPLE[who].password });
      expect(back.searchParams.get('result')).toBe('connected');
      const { metaUsers } = await json<{ metaUsers: Array<{ id: string; metaId: string }> }>(s.request('/api/meta-users', { cookie: person.cookie }));
      return metaUsers.find((m) => m.metaId === PEOPLE[who].metaId)!.id;
    },
    proxy: (person, profileId) => s.request('/api/graph/proxy', { method: 'POST', cookie: person.cookie, json: { profileId: profileId, path: '/me' } }),
    mailsTo: (email) => smtp.received.filter((m) => m.to.includes(email)),
    alertsTo: (chatId) => telegram.sent({ chatId: String(chatId) }).filter((m) => m.text.startsWith('<b>')),
    deliveries: async (person, query = '') => (await json<{ deliveries: never[] }>(s.request(`/api/alerts/deliveries${query}`, { cookie: person.cookie }))).deliveries,
    notifications: async (person) => (await json<{ notifications: never[] }>(s.request('/api/notifications', { cookie: person.cookie }))).notifications,
  };
  return world;
}
