/**
 * The emulator's own outgoing HTTP calls, as Meta makes them to an app: the webhook handshake and
 * the deliveries of callbacks and webhooks. One attempt never takes longer than `OUTBOUND_TIMEOUT_MS`
 * of real time, and only the first `MAX_RESPONSE_CHARS` of an answer are kept (the emulator records
 * them; a receiver cannot fill its memory).
 */

/** Real time an attempt may take before it counts as failed (Meta's own limit is not documented). */
export const OUTBOUND_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_CHARS = 64 * 1024;
/** The User-Agent Meta's webhooks carry. */
export const META_USER_AGENT = 'facebookexternalua';

export type OutboundResult =
  | { ok: true; status: number; body: string }
  | { ok: false; error: string; aborted: boolean };

export interface OutboundRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the attempt (the emulator closing): the result says `aborted`. */
  signal?: AbortSignal;
  timeoutMs?: number;
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const decoder = new TextDecoder();
  let text = '';
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (text.length >= MAX_RESPONSE_CHARS) {
        await reader.cancel();
        return text.slice(0, MAX_RESPONSE_CHARS);
      }
    }
  } finally {
    reader.releaseLock();
  }
  return text + decoder.decode();
}

/** Why a request got no answer, in a few words (curl's wording, which Meta's own errors show). */
function reason(err: unknown, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `Operation timed out after ${timeoutMs} milliseconds with 0 bytes received`;
  const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (code === 'ECONNREFUSED') return "Couldn't connect to server";
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return "Couldn't resolve host name";
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'Connection reset by peer';
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}

export async function outbound(request: OutboundRequest): Promise<OutboundResult> {
  const timeoutMs = request.timeoutMs ?? OUTBOUND_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const res = await fetch(request.url, {
      method: request.method,
      headers: { 'user-agent': META_USER_AGENT, ...request.headers },
      body: request.body,
      redirect: 'manual',
      signal,
    });
    return { ok: true, status: res.status, body: await readCapped(res) };
  } catch (err) {
    const aborted = request.signal?.aborted === true;
    return { ok: false, error: reason(err, timeoutMs, !aborted && timeout.aborted), aborted };
  }
}
