/**
 * The part of the state file (`persistence.ts`) that holds Meta's push signals: each app's
 * webhook subscriptions and the deliveries with their attempts, so a delivery still pending when
 * the emulator stops keeps being retried after a restart. Reading validates everything before
 * the caller applies anything.
 */
import type { Attempt, Delivery, DeliveryKind } from './deliveries.ts';
import { arr, bad, bool, num, obj, str, type Obj } from './json-read.ts';
import type { EmulatorState, Subscription } from './state.ts';

export interface SavedSubscription {
  object: string;
  callbackUrl: string;
  verifyToken: string;
  includeValues: boolean;
  /** Field name → the version it was subscribed with. */
  fields: Record<string, string>;
}

export interface SavedSignals {
  /** App id → its subscriptions. */
  subscriptions: Record<string, SavedSubscription[]>;
  deliveries: { lastId: number; items: Delivery[] };
}

export function snapshotSignals(state: EmulatorState): SavedSignals {
  const subscriptions: SavedSignals['subscriptions'] = {};
  for (const [appId, subs] of state.subscriptions) {
    subscriptions[appId] = [...subs.values()].map((s) => ({ ...s, fields: Object.fromEntries(s.fields) }));
  }
  return { subscriptions, deliveries: { lastId: state.deliveries.lastId, items: [...state.deliveries.all()] } };
}

const KINDS: ReadonlySet<string> = new Set(['deauthorize', 'data_deletion', 'webhook']);

function subscription(v: unknown, where: string): Subscription {
  const o = obj(v, where);
  const fields = new Map(Object.entries(obj(o.fields, `${where}.fields`)).map(([name, version]) => [name, str(version, `${where}.fields.${name}`)] as const));
  return {
    object: str(o.object, `${where}.object`),
    callbackUrl: str(o.callbackUrl, `${where}.callbackUrl`),
    verifyToken: str(o.verifyToken, `${where}.verifyToken`),
    includeValues: bool(o.includeValues, `${where}.includeValues`),
    fields,
  };
}

function attempt(v: unknown, where: string): Attempt {
  const o = obj(v, where);
  const status = o.status === null ? null : num(o.status, `${where}.status`);
  const a: Attempt = { at: num(o.at, `${where}.at`), status };
  if (o.error !== undefined) a.error = str(o.error, `${where}.error`);
  return a;
}

function delivery(v: unknown, where: string): Delivery {
  const o = obj(v, where);
  const kind = str(o.kind, `${where}.kind`);
  if (!KINDS.has(kind)) bad(`${where}.kind must be deauthorize, data_deletion or webhook`);
  const response = o.response === null ? null : obj(o.response, `${where}.response`);
  return {
    id: str(o.id, `${where}.id`),
    appId: str(o.appId, `${where}.appId`),
    kind: kind as DeliveryKind,
    url: str(o.url, `${where}.url`),
    body: str(o.body, `${where}.body`),
    userId: str(o.userId, `${where}.userId`),
    createdAt: num(o.createdAt, `${where}.createdAt`),
    attempts: arr(o.attempts, `${where}.attempts`).map((a, i) => attempt(a, `${where}.attempts[${i}]`)),
    delivered: bool(o.delivered, `${where}.delivered`),
    givenUp: bool(o.givenUp, `${where}.givenUp`),
    nextAttemptAt: o.nextAttemptAt === null ? null : num(o.nextAttemptAt, `${where}.nextAttemptAt`),
    response: response === null ? null : { status: num(response.status, `${where}.response.status`), body: str(response.body, `${where}.response.body`) },
  };
}

export interface RestoredSignals {
  subscriptions: Array<[string, Map<string, Subscription>]>;
  deliveries: Delivery[];
  lastId: number;
}

/** Validates the saved signals (absent in files written before they existed: none). Throws StateFileError. */
export function readSignals(root: Obj): RestoredSignals {
  const subscriptions = Object.entries(obj(root.subscriptions ?? {}, 'subscriptions')).map(([appId, list]): [string, Map<string, Subscription>] => {
    const subs = arr(list, `subscriptions[${appId}]`).map((s, i) => subscription(s, `subscriptions[${appId}][${i}]`));
    return [appId, new Map(subs.map((s) => [s.object, s]))];
  });
  const saved = obj(root.deliveries ?? { lastId: 0, items: [] }, 'deliveries');
  return {
    subscriptions,
    deliveries: arr(saved.items, 'deliveries.items').map((d, i) => delivery(d, `deliveries.items[${i}]`)),
    lastId: num(saved.lastId, 'deliveries.lastId'),
  };
}

export function applySignals(state: EmulatorState, restored: RestoredSignals): void {
  for (const [appId, subs] of restored.subscriptions) state.subscriptions.set(appId, subs);
  state.deliveries.restore(restored.deliveries, restored.lastId);
}
