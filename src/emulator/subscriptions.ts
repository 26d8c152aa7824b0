/**
 * `GET|POST|DELETE /{app-id}/subscriptions`: an app's webhook subscriptions, one per object, as
 * Meta's Application node has them. Only the app's own app token (`APP_ID|SECRET`) may use the
 * edge. A POST first verifies the callback URL as Meta does, with
 * `GET <callback_url>?hub.mode=subscribe&hub.challenge=<int>&hub.verify_token=<verify_token>`, and
 * subscribes only when a 200 comes back whose body is exactly the challenge. This is the one
 * Graph route that waits on something (the handshake); everything else answers synchronously.
 */
import { randomInt } from 'node:crypto';
import type { Auth } from './auth.ts';
import { GraphError, invalidParam, unsupportedRequest } from './errors.ts';
import type { Ctx, Reply } from './http.ts';
import { KNOWN_PERMISSIONS } from './permissions.ts';
import { outbound } from './outbound.ts';
import type { EmulatorState, Subscription } from './state.ts';

/** Meta's answer to another token than an app token on app-level edges (quoted from real answers). */
export const appTokenRequired = (): GraphError =>
  new GraphError({ status: 400, code: 15, message: '(#15) This method must be called with an app access_token.' });

/** Assumption: Meta's documentation names no code for a failed handshake; 2200 is the one developers report. */
export const verificationFailed = (detail: string): GraphError =>
  new GraphError({ status: 400, code: 2200, message: `(#2200) callback verification failed: ${detail}` });

/** A list parameter as Graph takes one: comma-separated, a JSON array, or repeated (a JSON body's array). */
function list(values: string[]): string[] {
  const items = values.flatMap((raw) => {
    if (raw.trim().startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (Array.isArray(parsed)) return parsed.map(String);
      } catch {
        // Not JSON after all: a comma-separated list.
      }
    }
    return raw.split(',');
  });
  return [...new Set(items.map((s) => s.trim()).filter(Boolean))];
}

function subscriptionsOf(state: EmulatorState, appId: string): Map<string, Subscription> {
  let subs = state.subscriptions.get(appId);
  if (!subs) state.subscriptions.set(appId, (subs = new Map()));
  return subs;
}

export function subscriptionsEdge(state: EmulatorState, ctx: Ctx, auth: Auth, appId: string): Reply | Promise<Reply> {
  if (auth.kind !== 'app') throw appTokenRequired();
  if (auth.app.id !== appId) throw unsupportedRequest(ctx.method, appId);
  switch (ctx.method) {
    case 'GET':
      return read(state, appId);
    case 'POST':
      return subscribe(state, ctx, appId);
    case 'DELETE':
      return unsubscribe(state, ctx, appId);
    default:
      throw unsupportedRequest(ctx.method, appId);
  }
}

function read(state: EmulatorState, appId: string): Reply {
  const data = [...(state.subscriptions.get(appId)?.values() ?? [])].map((s) => ({
    object: s.object,
    callback_url: s.callbackUrl,
    active: true,
    fields: [...s.fields].map(([name, version]) => ({ name, version })),
  }));
  return { status: 200, body: { data } };
}

function checkedUrl(raw: string | undefined): URL {
  if (!raw) throw invalidParam('The parameter callback_url is required');
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // Refused below, as any other bad URL.
  }
  throw invalidParam('Param callback_url must be a valid URL');
}

async function subscribe(state: EmulatorState, ctx: Ctx, appId: string): Promise<Reply> {
  const object = ctx.param('object');
  if (!object) throw invalidParam('The parameter object is required');
  const callbackUrl = ctx.param('callback_url');
  const url = checkedUrl(callbackUrl);
  const fields = list(ctx.params('fields'));
  if (fields.length === 0) throw invalidParam('The parameter fields is required');
  // Assumption: Meta refuses fields an object does not have; the emulator knows the permissions object's.
  const unknown = object === 'permissions' ? fields.find((f) => f !== 'connected' && !KNOWN_PERMISSIONS.has(f)) : undefined;
  if (unknown !== undefined) throw invalidParam(`Invalid field ${unknown} for object permissions`);
  const verifyToken = ctx.param('verify_token') ?? '';
  // "An int you must pass back to us" (Meta's Webhooks guide).
  const challenge = String(randomInt(100_000_000, 2_000_000_000));
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.challenge', challenge);
  url.searchParams.set('hub.verify_token', verifyToken);
  const answer = await outbound({ method: 'GET', url: url.toString() });
  if (!answer.ok) throw verificationFailed(answer.error);
  if (answer.status !== 200) throw verificationFailed(`HTTP Status Code = ${answer.status}`);
  if (answer.body !== challenge) {
    throw verificationFailed(`The URL couldn't be validated. Response does not match challenge, expected value="${challenge}", received="${answer.body.slice(0, 100)}"`);
  }
  // The world may have changed during the handshake (a reset): subscribe only an app that is still there.
  if (!state.index.apps.has(appId)) throw unsupportedRequest('POST', appId);
  const subs = subscriptionsOf(state, appId);
  const existing = subs.get(object);
  // Assumption: a second subscription of an object replaces its URL and verify token and adds the
  // fields to those it had (each field keeps the version it was first subscribed with).
  const merged = new Map(existing?.fields ?? []);
  for (const field of fields) if (!merged.has(field)) merged.set(field, ctx.servedVersion);
  subs.set(object, { object, callbackUrl: callbackUrl ?? '', verifyToken, includeValues: ctx.param('include_values') === 'true', fields: merged });
  state.touch();
  return { status: 200, body: { success: true } };
}

function unsubscribe(state: EmulatorState, ctx: Ctx, appId: string): Reply {
  const subs = state.subscriptions.get(appId);
  const object = ctx.param('object');
  const fields = list(ctx.params('fields'));
  if (subs) {
    if (!object) subs.clear();
    else if (fields.length === 0) subs.delete(object);
    else {
      const subscription = subs.get(object);
      for (const field of fields) subscription?.fields.delete(field);
      if (subscription?.fields.size === 0) subs.delete(object);
    }
    if (subs.size === 0) state.subscriptions.delete(appId);
    state.touch();
  }
  return { status: 200, body: { success: true } };
}
