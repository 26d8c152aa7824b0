/**
 * What Meta pushes to an app and how each push went: a deauthorize or data deletion callback, or
 * a webhook. A delivery not answered 200 is tried again after growing waits on the VIRTUAL clock,
 * up to 36 hours after its first attempt, then given up (Meta retries webhooks for 36 hours).
 * This module is the record only; `deliverer.ts` sends. Deliveries are kept per app (newest last)
 * and the ones with an attempt still to make in a set of their own, so finding what is due never
 * walks the delivered ones.
 */

export type DeliveryKind = 'deauthorize' | 'data_deletion' | 'webhook';

export interface Attempt {
  /** Virtual epoch ms. */
  at: number;
  /** The HTTP status of the answer, or null when none came (refused, reset, timed out). */
  status: number | null;
  error?: string;
}

export interface Delivery {
  id: string;
  appId: string;
  kind: DeliveryKind;
  url: string;
  /** As sent: the form text (`signed_request=…`) or the JSON text of a webhook. */
  body: string;
  /** The person the signal is about: one person's deliveries go out in order. */
  userId: string;
  /** Virtual epoch ms. */
  createdAt: number;
  attempts: Attempt[];
  delivered: boolean;
  givenUp: boolean;
  /** Virtual epoch ms of the next attempt; null once delivered or given up. */
  nextAttemptAt: number | null;
  /** The last answer received (status and the first 64 KiB of its body), or null. */
  response: { status: number; body: string } | null;
}

/**
 * When the retries go, in virtual seconds after the FIRST attempt: 1 min, 5 min, 30 min, 2 h,
 * 6 h, 18 h, 36 h. An attempt at 36 h that fails gives the delivery up.
 */
export const RETRY_AFTER_SECONDS: readonly number[] = [60, 300, 1800, 7200, 21_600, 64_800, 129_600];

/** Older deliveries of an app are forgotten past this many (trimmed in batches, so adding stays O(1)). */
export const MAX_DELIVERIES_PER_APP = 10_000;
const TRIM_SLACK = 1_000;

export function contentTypeOf(kind: DeliveryKind): string {
  return kind === 'webhook' ? 'application/json' : 'application/x-www-form-urlencoded';
}

/** The next attempt after one made at `at`: the first retry time still ahead, or null (give up). */
export function nextAttemptAfter(delivery: Delivery, at: number): number | null {
  const first = delivery.attempts[0]?.at ?? at;
  for (const seconds of RETRY_AFTER_SECONDS) {
    const due = first + seconds * 1000;
    if (due > at) return due;
  }
  return null;
}

export type NewDelivery = Pick<Delivery, 'appId' | 'kind' | 'url' | 'body' | 'userId' | 'createdAt'>;

export class DeliveryStore {
  private readonly byApp = new Map<string, Delivery[]>();
  /** Deliveries with an attempt still to make, oldest first. */
  readonly pending = new Set<Delivery>();
  private seq = 0;

  get lastId(): number {
    return this.seq;
  }

  create(init: NewDelivery): Delivery {
    const delivery: Delivery = {
      ...init, id: String(++this.seq), attempts: [], delivered: false, givenUp: false, nextAttemptAt: init.createdAt, response: null,
    };
    this.add(delivery);
    return delivery;
  }

  /** Records an attempt and what follows from it: delivered on a 200, otherwise the next retry or giving up. */
  record(delivery: Delivery, attempt: Attempt, response: { status: number; body: string } | null): void {
    delivery.attempts.push(attempt);
    if (response) delivery.response = response;
    if (attempt.status === 200) {
      delivery.delivered = true;
      delivery.nextAttemptAt = null;
    } else {
      delivery.nextAttemptAt = nextAttemptAfter(delivery, attempt.at);
      if (delivery.nextAttemptAt === null) delivery.givenUp = true;
    }
    if (delivery.nextAttemptAt === null) this.pending.delete(delivery);
  }

  /** An app's deliveries, newest last; the last `limit` of them when given. */
  list(appId: string, limit?: number): Delivery[] {
    const all = this.byApp.get(appId) ?? [];
    return limit === undefined ? all.slice() : all.slice(Math.max(0, all.length - limit));
  }

  *all(): Iterable<Delivery> {
    for (const list of this.byApp.values()) yield* list;
  }

  /** Restoring from the state file: the deliveries as saved, and ids that go on after them. */
  restore(deliveries: Delivery[], lastId: number): void {
    this.clear();
    for (const delivery of deliveries) this.add(delivery);
    this.seq = deliveries.reduce((max, d) => (Number.isFinite(Number(d.id)) ? Math.max(max, Number(d.id)) : max), Math.max(0, lastId));
  }

  clear(): void {
    this.byApp.clear();
    this.pending.clear();
  }

  private add(delivery: Delivery): void {
    let list = this.byApp.get(delivery.appId);
    if (!list) this.byApp.set(delivery.appId, (list = []));
    list.push(delivery);
    if (delivery.nextAttemptAt !== null) this.pending.add(delivery);
    if (list.length > MAX_DELIVERIES_PER_APP + TRIM_SLACK) {
      for (const old of list.splice(0, list.length - MAX_DELIVERIES_PER_APP)) this.pending.delete(old);
    }
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** A delivery as `GET /__control/apps/{id}/deliveries` shows it (times ISO on the virtual clock). */
export function deliveryView(d: Delivery): Record<string, unknown> {
  return {
    id: d.id,
    kind: d.kind,
    userId: d.userId,
    url: d.url,
    body: d.body,
    createdAt: iso(d.createdAt),
    attempts: d.attempts.map((a) => ({ at: iso(a.at), status: a.status, ...(a.error !== undefined ? { error: a.error } : {}) })),
    delivered: d.delivered,
    givenUp: d.givenUp,
    nextAttemptAt: iso(d.nextAttemptAt),
    response: d.response,
  };
}

/** A delivery in the answer of the control call that caused it: how its latest attempt went. */
export function deliverySummary(d: Delivery): { id: string; kind: DeliveryKind; delivered: boolean; status: number | null } {
  return { id: d.id, kind: d.kind, delivered: d.delivered, status: d.attempts.at(-1)?.status ?? null };
}
