import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface TelegramBot {
  workspaceId: string;
  secretId: string;
  botId: string;
  botUsername: string;
  updateOffset: number;
}

const toBot = (row: { workspace_id: string; secret_id: string; bot_id: string; bot_username: string; update_offset: string | number }): TelegramBot => ({
  workspaceId: row.workspace_id,
  secretId: row.secret_id,
  botId: row.bot_id,
  botUsername: row.bot_username,
  updateOffset: Number(row.update_offset),
});

export async function getBot(db: Db, workspaceId: string): Promise<TelegramBot | undefined> {
  const row = await db.selectFrom('telegram_bots').select(['workspace_id', 'secret_id', 'bot_id', 'bot_username', 'update_offset']).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row ? toBot(row) : undefined;
}

export async function listBots(db: Db): Promise<TelegramBot[]> {
  const rows = await db.selectFrom('telegram_bots').select(['workspace_id', 'secret_id', 'bot_id', 'bot_username', 'update_offset']).orderBy('workspace_id').execute();
  return rows.map(toBot);
}

export async function insertBot(db: Db, values: { workspaceId: string; secretId: string; botId: string; botUsername: string; at: Date }): Promise<void> {
  await db
    .insertInto('telegram_bots')
    .values({ workspace_id: values.workspaceId, secret_id: values.secretId, bot_id: values.botId, bot_username: values.botUsername, created_at: values.at, updated_at: values.at })
    .execute();
}

/** Another bot in place of the old one: its updates start from scratch, and chats linked to the old bot cannot be written to by the new one. */
export async function updateBot(db: Db, values: { workspaceId: string; botId: string; botUsername: string; sameBot: boolean; at: Date }): Promise<void> {
  await db
    .updateTable('telegram_bots')
    .set({ bot_id: values.botId, bot_username: values.botUsername, updated_at: values.at, ...(values.sameBot ? {} : { update_offset: 0 }) })
    .where('workspace_id', '=', values.workspaceId)
    .execute();
  if (!values.sameBot) await db.deleteFrom('telegram_links').where('workspace_id', '=', values.workspaceId).execute();
}

export async function deleteBot(db: Db, workspaceId: string): Promise<string | undefined> {
  const row = await db.deleteFrom('telegram_bots').where('workspace_id', '=', workspaceId).returning('secret_id').executeTakeFirst();
  await db.deleteFrom('telegram_links').where('workspace_id', '=', workspaceId).execute();
  return row?.secret_id;
}

/** Moves the offset forward only: two pollers at once never step back over read updates. */
export async function advanceOffset(db: Db, workspaceId: string, offset: number): Promise<void> {
  await db
    .updateTable('telegram_bots')
    .set({ update_offset: sql`greatest(update_offset, ${offset})` })
    .where('workspace_id', '=', workspaceId)
    .execute();
}

export async function telegramLinksOf(db: Db, memberIds: string[]): Promise<Map<string, string>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('telegram_links')
    .innerJoin('telegram_bots', 'telegram_bots.workspace_id', 'telegram_links.workspace_id')
    .select(['telegram_links.member_id', 'telegram_links.chat_id'])
    .where('telegram_links.member_id', 'in', memberIds)
    .execute();
  return new Map(rows.map((row) => [row.member_id, row.chat_id]));
}

export async function getLink(db: Db, memberId: string): Promise<{ chatId: string; linkedAt: Date } | undefined> {
  const row = await db.selectFrom('telegram_links').select(['chat_id', 'linked_at']).where('member_id', '=', memberId).executeTakeFirst();
  return row ? { chatId: row.chat_id, linkedAt: row.linked_at } : undefined;
}

export async function deleteLink(db: Db, memberId: string): Promise<boolean> {
  const result = await db.deleteFrom('telegram_links').where('member_id', '=', memberId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A new code replaces the member's unused ones. */
export async function insertLinkCode(db: Db, values: { codeHash: string; memberId: string; workspaceId: string; at: Date; expiresAt: Date }): Promise<void> {
  await db.deleteFrom('telegram_link_codes').where('member_id', '=', values.memberId).where('used_at', 'is', null).execute();
  await db
    .insertInto('telegram_link_codes')
    .values({ code_hash: values.codeHash, member_id: values.memberId, workspace_id: values.workspaceId, created_at: values.at, expires_at: values.expiresAt })
    .execute();
}

/**
 * Uses a code of this workspace once and links the chat to its member. `already`: the code was
 * used to link this very chat (two pollers read the same update); `unknown`: unknown, used by
 * another chat, expired, or of another workspace.
 */
export async function redeemLinkCode(
  db: Db,
  values: { codeHash: string; workspaceId: string; chatId: string; at: Date },
): Promise<{ result: 'linked'; memberId: string; locale: 'it' | 'en' } | { result: 'already' | 'unknown' }> {
  const used = await db
    .updateTable('telegram_link_codes')
    .set({ used_at: values.at })
    .where('code_hash', '=', values.codeHash)
    .where('workspace_id', '=', values.workspaceId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', values.at)
    .returning('member_id')
    .executeTakeFirst();
  if (!used) {
    const same = await db
      .selectFrom('telegram_link_codes')
      .innerJoin('telegram_links', 'telegram_links.member_id', 'telegram_link_codes.member_id')
      .select('telegram_links.chat_id')
      .where('telegram_link_codes.code_hash', '=', values.codeHash)
      .where('telegram_link_codes.workspace_id', '=', values.workspaceId)
      .where('telegram_link_codes.used_at', 'is not', null)
      .where('telegram_links.chat_id', '=', values.chatId)
      .executeTakeFirst();
    return { result: same ? 'already' : 'unknown' };
  }
  await db
    .insertInto('telegram_links')
    .values({ member_id: used.member_id, workspace_id: values.workspaceId, chat_id: values.chatId, linked_at: values.at })
    .onConflict((oc) => oc.column('member_id').doUpdateSet({ chat_id: values.chatId, linked_at: values.at }))
    .execute();
  const member = await db.selectFrom('members').select('locale').where('id', '=', used.member_id).executeTakeFirstOrThrow();
  return { result: 'linked', memberId: used.member_id, locale: member.locale };
}
