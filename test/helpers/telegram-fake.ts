import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Telegram Bot API: `getMe`, `sendMessage`, `getUpdates`, with the real
 * API's envelope (`{ok, result}` / `{ok:false, error_code, description, parameters}`). Tests add
 * bots, play a person writing to a bot (`userWrites`), read what the bots sent, and make the
 * next calls fail.
 */
export interface SentMessage {
  botToken: string;
  chatId: string;
  text: string;
  parseMode: string | undefined;
  messageId: number;
}

export interface TelegramFault {
  method?: string;
  status: number;
  description: string;
  retryAfter?: number;
  /** How many calls fail; default every call until cleared. */
  times?: number;
}

export interface TelegramFake {
  url: string;
  addBot(token: string, username: string): void;
  /** Someone writes `text` to the bot from `chatId`: an update the bot's next getUpdates returns. */
  userWrites(token: string, chatId: number, text: string): void;
  /** What the bots sent. HTML that Telegram would refuse (unknown or unbalanced tags) is answered 400, never recorded. */
  sent(filter?: { chatId?: string }): SentMessage[];
  /** Makes calls fail like Telegram does (e.g. 429 with retry_after, 403 bot blocked). */
  fail(fault: TelegramFault): void;
  clearFaults(): void;
  calls: Array<{ method: string; botToken: string }>;
  close(): Promise<void>;
}

const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'blockquote', 'span']);

/** Telegram's HTML parse mode rejects tags it does not know and `<`/`&` that are not escaped. */
function validTelegramHtml(text: string): boolean {
  const stack: string[] = [];
  const tag = /<(\/?)([a-z-]+)(?:\s[^>]*)?>/g;
  let match: RegExpExecArray | null;
  let last = 0;
  while ((match = tag.exec(text))) {
    if (/[<>]/.test(text.slice(last, match.index))) return false;
    last = tag.lastIndex;
    const [, closing, name] = match;
    if (!ALLOWED_TAGS.has(name!)) return false;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  if (/[<>]/.test(text.slice(last))) return false;
  if (/&(?!(amp|lt|gt|quot|#\d+);)/.test(text)) return false;
  return stack.length === 0;
}

export async function startTelegramFake(): Promise<TelegramFake> {
  const bots = new Map<string, { id: number; username: string; updates: Array<{ update_id: number; message: unknown }>; nextUpdateId: number }>();
  const sent: SentMessage[] = [];
  const calls: Array<{ method: string; botToken: string }> = [];
  let faults: TelegramFault[] = [];
  let messageIds = 1000;

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return {};
    if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(new URLSearchParams(text));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
      if (!match) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const [, token, method] = match as unknown as [string, string, string];
      calls.push({ method, botToken: token });
      const bot = bots.get(token);
      if (!bot) return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const fault = faults.find((f) => !f.method || f.method === method);
      if (fault) {
        if (fault.times !== undefined && --fault.times <= 0) faults = faults.filter((f) => f !== fault);
        return answer(res, fault.status, { ok: false, error_code: fault.status, description: fault.description, ...(fault.retryAfter ? { parameters: { retry_after: fault.retryAfter } } : {}) });
      }
      const body = await readBody(req);
      if (method === 'getMe') return answer(res, 200, { ok: true, result: { id: bot.id, is_bot: true, first_name: bot.username, username: bot.username } });
      if (method === 'getUpdates') {
        const offset = Number(body.offset ?? 0);
        // As on Telegram: asking from an offset confirms (forgets) every earlier update.
        bot.updates = bot.updates.filter((u) => u.update_id >= offset);
        return answer(res, 200, { ok: true, result: bot.updates.slice(0, Number(body.limit ?? 100)) });
      }
      if (method === 'sendMessage') {
        const text = String(body.text ?? '');
        const parseMode = body.parse_mode === undefined ? undefined : String(body.parse_mode);
        if (!body.chat_id) return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
        if (!text) return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
        if (text.length > 4096) return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message is too long' });
        if (parseMode === 'HTML' && !validTelegramHtml(text)) return answer(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse entities" });
        const messageId = ++messageIds;
        sent.push({ botToken: token, chatId: String(body.chat_id), text, parseMode, messageId });
        return answer(res, 200, { ok: true, result: { message_id: messageId, chat: { id: Number(body.chat_id), type: 'private' }, date: Math.floor(Date.now() / 1000), text } });
      }
      return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    })().catch((error: unknown) => answer(res, 500, { ok: false, error_code: 500, description: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    calls,
    addBot(token, username) {
      bots.set(token, { id: Number(token.split(':')[0]), username, updates: [], nextUpdateId: 500_000 });
    },
    userWrites(token, chatId, text) {
      const bot = bots.get(token);
      if (!bot) throw new Error(`no bot ${token}`);
      bot.updates.push({
        update_id: bot.nextUpdateId++,
        message: { message_id: ++messageIds, from: { id: chatId, is_bot: false, first_name: 'Test' }, chat: { id: chatId, type: 'private' }, date: Math.floor(Date.now() / 1000), text },
      });
    },
    sent: (filter = {}) => sent.filter((m) => filter.chatId === undefined || m.chatId === filter.chatId),
    fail: (fault) => {
      faults.push({ ...fault });
    },
    clearFaults: () => {
      faults = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
