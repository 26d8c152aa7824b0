/**
 * The JSON a webhook delivery carries, as Meta documents it:
 * `{"object":"permissions","entry":[{"id","uid"?,"time","changes":[{"field","value"}]}]}`.
 * Read leniently where Meta's documentation is silent (docs/emulator.md marks the choices): the
 * person is `uid` or else `id`, ids may be numbers, `time` is Unix seconds (milliseconds are
 * recognised), and an entry may carry a `changes` list or none.
 */
import { metaIdOf } from '../meta/meta-id.ts';

export interface WebhookChange {
  field: string;
  value: unknown;
}

export interface WebhookEntry {
  /** The object's id: for `permissions` the person (app-scoped id). */
  id: string | null;
  /** The person, when the entry names one (`uid`, else `id`). */
  person: string | null;
  /** Meta's time of the change; null when the entry has none. */
  time: Date | null;
  changes: WebhookChange[];
}

export interface WebhookEnvelope {
  object: string;
  entries: WebhookEntry[];
}

/** Unix seconds (or milliseconds, told apart by size) → a Date; anything else → null. */
export function metaTime(value: unknown): Date | null {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return null;
  return new Date(n > 1e12 ? n : n * 1000);
}

/** The envelope of a parsed body, or a reason it is not one (the intake answers 400 and stores nothing). */
export function readEnvelope(body: unknown): WebhookEnvelope | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body is not a JSON object';
  const { object, entry } = body as { object?: unknown; entry?: unknown };
  if (typeof object !== 'string' || object === '') return '"object" must be a non-empty string';
  if (!Array.isArray(entry)) return '"entry" must be an array';
  const entries: WebhookEntry[] = [];
  for (const raw of entry) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'every entry must be an object';
    const e = raw as { id?: unknown; uid?: unknown; time?: unknown; changes?: unknown };
    if (e.changes !== undefined && !Array.isArray(e.changes)) return '"changes" must be an array';
    const changes: WebhookChange[] = [];
    for (const change of (e.changes as unknown[] | undefined) ?? []) {
      if (typeof change !== 'object' || change === null || typeof (change as { field?: unknown }).field !== 'string') return 'every change must have a "field"';
      changes.push({ field: (change as { field: string }).field, value: (change as { value?: unknown }).value });
    }
    const id = metaIdOf(e.id) ?? null;
    entries.push({ id, person: metaIdOf(e.uid) ?? id, time: metaTime(e.time), changes });
  }
  return { object, entries };
}
