import { cleanJson, mayHoldUnstorableText } from '../../text.ts';
import { DeliveryError } from './delivery-error.ts';

/** The few Bot API methods we use. The bot token is part of every URL: it never reaches a log or an error. */
export interface TelegramClient {
  getMe(botToken: string): Promise<{ id: string; username: string }>;
  sendMessage(botToken: string, chatId: string, html: string): Promise<{ messageId: string }>;
  getUpdates(botToken: string, offset: number): Promise<TelegramUpdate[]>;
}

export interface TelegramUpdate {
  updateId: number;
  chatId: string | null;
  text: string | null;
}

interface ApiAnswer {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/** A Bot API token as BotFather prints it: `<bot id>:<secret>`. */
export const BOT_TOKEN_PATTERN = /^\d{3,20}:[A-Za-z0-9_-]{30,100}$/;

export function createTelegramClient(options: { apiUrl: string; timeoutMs?: number }): TelegramClient {
  async function call(botToken: string, method: string, body: Record<string, unknown>): Promise<unknown> {
    if (!BOT_TOKEN_PATTERN.test(botToken)) throw new DeliveryError(`Telegram ${method}: the bot token is malformed`, true);
    let response: Response;
    try {
      response = await fetch(`${options.apiUrl}/bot${botToken}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      // The URL (and so the token) may appear in an undici error's text: name the cause only.
      const name = error instanceof Error ? (error.name === 'TimeoutError' ? 'timed out' : 'network error') : 'network error';
      throw new DeliveryError(`Telegram ${method}: ${name}`, false);
    }
    let answer: ApiAnswer;
    try {
      const text = await response.text();
      // Its text (a description, the bot's username) reaches PostgreSQL, which refuses a NUL.
      answer = (mayHoldUnstorableText(text) ? cleanJson(JSON.parse(text)) : JSON.parse(text)) as ApiAnswer;
    } catch {
      throw new DeliveryError(`Telegram ${method}: HTTP ${response.status} without a JSON answer`, false);
    }
    if (answer.ok) return answer.result;
    const code = answer.error_code ?? response.status;
    const description = (answer.description ?? 'no description').replaceAll(botToken, '[bot token]').slice(0, 300);
    const retryAfter = answer.parameters?.retry_after;
    // 400 (chat not found, bad request), 401 (token revoked), 403 (bot blocked by the person),
    // 404 (no such method or token) will not change by retrying; 429 and 5xx may.
    const permanent = code === 400 || code === 401 || code === 403 || code === 404;
    throw new DeliveryError(`Telegram ${method}: ${code} ${description}`, permanent, typeof retryAfter === 'number' ? retryAfter : undefined);
  }

  return {
    async getMe(botToken) {
      const result = (await call(botToken, 'getMe', {})) as { id?: number; username?: string; is_bot?: boolean };
      if (!result?.id || !result.username) throw new DeliveryError('Telegram getMe: unexpected answer', true);
      return { id: String(result.id), username: result.username };
    },
    async sendMessage(botToken, chatId, html) {
      const result = (await call(botToken, 'sendMessage', { chat_id: chatId, text: html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } })) as { message_id?: number };
      return { messageId: String(result?.message_id ?? '') };
    },
    async getUpdates(botToken, offset) {
      const result = (await call(botToken, 'getUpdates', { offset, timeout: 0, limit: 100, allowed_updates: ['message'] })) as Array<{
        update_id: number;
        message?: { chat?: { id?: number | string }; text?: string };
      }>;
      return (Array.isArray(result) ? result : []).map((update) => ({
        updateId: update.update_id,
        chatId: update.message?.chat?.id !== undefined ? String(update.message.chat.id) : null,
        text: typeof update.message?.text === 'string' ? update.message.text : null,
      }));
    },
  };
}
