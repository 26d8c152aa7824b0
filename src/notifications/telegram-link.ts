import { createHash, randomInt } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { deleteSecret, readSecret, replaceSecret, storeSecret } from '../vault/secrets.queries.ts';
import type { Vault } from '../vault/vault.ts';
import { DeliveryError } from './channels/delivery-error.ts';
import { BOT_TOKEN_PATTERN, type TelegramClient } from './channels/telegram.ts';
import { advanceOffset, deleteBot, getBot, insertBot, insertLinkCode, listBots, redeemLinkCode, updateBot, type TelegramBot } from './telegram.queries.ts';

export interface TelegramDeps {
  db: Db;
  vault: Vault;
  clock: Clock;
  logger: Logger;
  telegram: TelegramClient;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;
export const LINK_CODE_TTL_MS = 15 * 60_000;
const START = /^\/start(?:@\w+)?\s+([A-Za-z0-9_-]{4,64})\s*$/;
const BARE_START = /^\/start(?:@\w+)?\s*$/;

const hashCode = (code: string) => createHash('sha256').update(code.toUpperCase()).digest('hex');

const REPLIES = {
  linked: { en: 'Linked: Wevion Token Health alerts will reach you here.', it: 'Collegato: gli avvisi di Wevion Token Health arriveranno qui.' },
  unknown: { en: 'This link code is unknown or expired. Ask Wevion Token Health for a new one.', it: 'Codice di collegamento sconosciuto o scaduto. Chiedine uno nuovo in Wevion Token Health.' },
  howTo: { en: 'To receive alerts here, open Wevion Token Health › Alerts › Telegram and send the code it shows: /start CODE', it: 'Per ricevere gli avvisi qui, apri Wevion Token Health › Avvisi › Telegram e invia il codice indicato: /start CODICE' },
};

/**
 * Sets the workspace's bot after Meta-style verification with Telegram (getMe): a token that
 * Telegram refuses is never stored. Stored encrypted; only the bot's public username comes back.
 */
export async function setWorkspaceBot(deps: TelegramDeps, workspaceId: string, botToken: string): Promise<{ botUsername: string }> {
  if (!BOT_TOKEN_PATTERN.test(botToken)) throw new AppError('invalid_input', 'botToken: this is not a Telegram bot token (expected <bot id>:<secret> from BotFather).');
  let me: { id: string; username: string };
  try {
    me = await deps.telegram.getMe(botToken);
  } catch (error) {
    if (error instanceof DeliveryError && error.permanent) throw new AppError('invalid_token', 'Telegram refused this bot token.');
    throw new AppError('telegram_unavailable', 'Telegram did not answer; nothing was changed. Try again in a minute.');
  }
  const at = new Date(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    const existing = await getBot(trx, workspaceId);
    if (existing) {
      await replaceSecret(trx, deps.vault, existing.secretId, botToken);
      await updateBot(trx, { workspaceId, botId: me.id, botUsername: me.username, sameBot: existing.botId === me.id, at });
    } else {
      const secretId = await storeSecret(trx, deps.vault, botToken);
      await insertBot(trx, { workspaceId, secretId, botId: me.id, botUsername: me.username, at });
    }
  });
  return { botUsername: me.username };
}

export async function removeWorkspaceBot(deps: Pick<TelegramDeps, 'db'>, workspaceId: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const secretId = await deleteBot(trx, workspaceId);
    if (secretId) await deleteSecret(trx, secretId);
    return Boolean(secretId);
  });
}

/** A one-time code the member sends to the bot as `/start CODE` (or opens as a t.me deep link). */
export async function createLinkCode(deps: Pick<TelegramDeps, 'db' | 'clock'>, member: { id: string; workspaceId: string }) {
  const bot = await getBot(deps.db, member.workspaceId);
  if (!bot) throw new AppError('telegram_not_configured', 'An admin has to set the workspace’s Telegram bot first.');
  const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  const at = new Date(deps.clock.now());
  const expiresAt = new Date(at.getTime() + LINK_CODE_TTL_MS);
  await insertLinkCode(deps.db, { codeHash: hashCode(code), memberId: member.id, workspaceId: member.workspaceId, at, expiresAt });
  return { code, command: `/start ${code}`, botUsername: bot.botUsername, deepLink: `https://t.me/${bot.botUsername}?start=${code}`, expiresAt: expiresAt.toISOString() };
}

export interface PollSummary {
  bots: number;
  updates: number;
  linked: number;
  failed: number;
}

/** Reads every bot's new updates (or one workspace's) and links the chats that sent a valid code. */
export async function pollTelegramUpdates(deps: TelegramDeps, workspaceId?: string): Promise<PollSummary> {
  const bots = workspaceId ? [await getBot(deps.db, workspaceId)].filter((b): b is TelegramBot => Boolean(b)) : await listBots(deps.db);
  const summary: PollSummary = { bots: bots.length, updates: 0, linked: 0, failed: 0 };
  for (const bot of bots) {
    try {
      const result = await pollBot(deps, bot);
      summary.updates += result.updates;
      summary.linked += result.linked;
    } catch (error) {
      summary.failed += 1;
      deps.logger.warn({ workspaceId: bot.workspaceId, error: error instanceof Error ? error.message : String(error) }, 'reading Telegram updates failed');
    }
  }
  return summary;
}

async function pollBot(deps: TelegramDeps, bot: TelegramBot): Promise<{ updates: number; linked: number }> {
  const token = await readSecret(deps.db, deps.vault, bot.secretId);
  const updates = await deps.telegram.getUpdates(token, bot.updateOffset);
  let linked = 0;
  const replies: Array<{ chatId: string; text: string }> = [];
  // We do not know who wrote until a code matches: answers to strangers are in both languages.
  const both = (texts: { it: string; en: string }) => `${texts.it}\n${texts.en}`;
  for (const update of updates) {
    const text = update.text?.trim() ?? '';
    const chatId = update.chatId;
    if (!chatId) continue;
    if (BARE_START.test(text)) {
      replies.push({ chatId, text: both(REPLIES.howTo) });
      continue;
    }
    const match = START.exec(text);
    if (!match) continue;
    const at = new Date(deps.clock.now());
    const outcome = await deps.db.transaction().execute((trx) => redeemLinkCode(trx, { codeHash: hashCode(match[1] as string), workspaceId: bot.workspaceId, chatId, at }));
    if (outcome.result === 'already') continue;
    if (outcome.result === 'linked') linked += 1;
    replies.push({ chatId, text: outcome.result === 'linked' ? REPLIES.linked[outcome.locale] : both(REPLIES.unknown) });
  }
  // Confirmed before replying: a reply that fails must not make us read (and link) the update again.
  const last = updates.at(-1);
  if (last) await advanceOffset(deps.db, bot.workspaceId, last.updateId + 1);
  for (const reply of replies) {
    await deps.telegram.sendMessage(token, reply.chatId, reply.text).catch((error: unknown) => {
      deps.logger.warn({ workspaceId: bot.workspaceId, error: error instanceof Error ? error.message : String(error) }, 'Telegram link reply failed');
    });
  }
  return { updates: updates.length, linked };
}
