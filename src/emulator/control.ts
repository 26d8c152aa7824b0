/**
 * The control API under `/__control/*` (JSON in, JSON out): what tests, benchmarks and the demo
 * use to set up the world, move the clock, trigger security events, change an app's health, mint
 * tokens, change roles, inject faults and limits, and read the call log. It is not Meta, so its
 * errors are plain `{"error":{"message"}}` with 400/404, and faults never apply to it.
 */
import { appHealth, deleteApp, invalidateAppTokens, restoreApp, rotateSecret } from './app-health.ts';
import type { CallLog } from './calls.ts';
import { businessAction, businessView } from './control-businesses.ts';
import { ControlError, fail, idField, json, stringList, type Obj } from './control-error.ts';
import { access, mintToken } from './control-tokens.ts';
import { ControlSignalError, listDeliveries, signalAction, SIGNAL_ACTIONS } from './control-signals.ts';
import type { Deliverer } from './deliverer.ts';
import { deliverySummary } from './deliveries.ts';
import { FaultError, parseFault, type Faults } from './faults.ts';
import type { Ctx, Reply } from './http.ts';
import { DEFAULT_LIMITS, type EmulatorState, type Limits } from './state.ts';
import type { Usage } from './usage.ts';
import { VersionError } from './versions.ts';
import { parseApp, parseWorld, WorldError, type WorldApp } from './world.ts';

export interface ControlDeps {
  state: EmulatorState;
  usage: Usage;
  faults: Faults;
  calls: CallLog;
  deliverer: Deliverer;
}

function bodyObj(ctx: Ctx): Obj {
  const v = ctx.json;
  if (v === undefined) return Object.fromEntries(ctx.body);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(400, 'body must be a JSON object');
  return v as Obj;
}

function failed(err: unknown): Reply {
  if (err instanceof ControlError) return json({ error: { message: err.message } }, err.status);
  if (err instanceof WorldError || err instanceof FaultError || err instanceof VersionError || err instanceof ControlSignalError) {
    return json({ error: { message: err.message } }, 400);
  }
  throw err;
}

/** Most control calls answer at once; those that push to apps (or move the clock) answer after the deliveries. */
export function control(deps: ControlDeps, ctx: Ctx): Reply | Promise<Reply> {
  try {
    const reply = route(deps, ctx);
    return reply instanceof Promise ? reply.catch(failed) : reply;
  } catch (err) {
    return failed(err);
  }
}

function route(deps: ControlDeps, ctx: Ctx): Reply | Promise<Reply> {
  const { state } = deps;
  const parts = ctx.path.split('/').filter(Boolean).slice(1);
  const key = `${ctx.method} ${parts[0] ?? ''}`;
  switch (key) {
    case 'GET health':
      return json({ ok: true });
    case 'POST reset':
      state.reset();
      deps.usage.reset();
      deps.faults.clear();
      deps.calls.clear();
      return { status: 204 };
    case 'GET world':
      return json(state.index.world);
    case 'PUT world':
      state.replaceWorld(parseWorld(ctx.json));
      deps.usage.reset();
      return json({ ok: true, counts: counts(state) });
    case 'GET apps':
      if (parts[2] === 'deliveries' && parts.length === 3) return listDeliveries(deps, knownApp(state, parts[1]), ctx);
      if (parts.length > 2) return fail(404, `unknown control endpoint ${ctx.method} ${ctx.path}`);
      return json(appHealth(state, knownApp(state, parts[1])));
    case 'POST apps': {
      if (parts.length > 1) return appAction(state, parts[1], parts[2], bodyObj(ctx));
      const body = bodyObj(ctx);
      const app = parseApp(body);
      // The callback URLs are kept when an update leaves them out (null removes one): the demo
      // registers its app again on every start without having to repeat them.
      const existing = state.index.apps.get(app.id);
      for (const key of ['deauthorizeCallbackUrl', 'dataDeletionCallbackUrl'] as const) {
        const kept = existing?.[key];
        if (body[key] === undefined && kept !== undefined) app[key] = kept;
      }
      if (body.configurations === undefined && existing?.configurations !== undefined) app.configurations = existing.configurations;
      const taken = app.configurations?.find((c) => state.index.world.apps.some((a) => a.id !== app.id && a.configurations?.some((o) => o.id === c.id)));
      if (taken) return fail(400, `configuration id ${taken.id} belongs to another app`);
      const created = state.index.upsertApp(app);
      const { secret: _secret, ...visible } = app;
      return json(visible, created ? 201 : 200);
    }
    case 'GET clock':
      return json({ now: state.clock.iso() });
    case 'POST clock':
      return clock(deps, bodyObj(ctx));
    case 'POST users':
      return userEvent(deps, parts[1], parts[2], bodyObj(ctx));
    case 'GET businesses':
      return parts.length === 2 ? businessView(deps, parts[1]) : fail(404, `unknown control endpoint ${ctx.method} ${ctx.path}`);
    case 'POST businesses':
      return businessAction(deps, parts[1], parts[2], bodyObj(ctx));
    case 'POST tokens':
      return mintToken(state, bodyObj(ctx));
    case 'POST access':
      return access(state, bodyObj(ctx));
    case 'POST faults': {
      const fault = parseFault(ctx.json);
      deps.faults.add(fault);
      return json({ id: fault.id }, 201);
    }
    case 'DELETE faults':
      deps.faults.clear();
      return { status: 204 };
    case 'GET limits':
      return json(state.limits);
    case 'POST limits':
      return limits(state, bodyObj(ctx));
    case 'GET versions':
      return json(state.versions.view());
    case 'POST versions':
      state.versions.set(bodyObj(ctx));
      return json(state.versions.view());
    case 'GET calls': {
      const all = deps.calls.all();
      const limit = Number(ctx.query.get('limit') ?? NaN);
      return json({ calls: Number.isInteger(limit) && limit >= 0 ? all.slice(Math.max(0, all.length - limit)) : all });
    }
    default:
      return fail(404, `unknown control endpoint ${ctx.method} ${ctx.path}`);
  }
}

function counts(state: EmulatorState): Record<string, number> {
  const w = state.index.world;
  return {
    apps: w.apps.length, users: w.users.length, businesses: w.businesses.length, adAccounts: w.adAccounts.length,
    pages: w.pages.length, pixels: w.pixels.length, catalogs: w.catalogs.length, campaigns: w.campaigns.length,
  };
}

/** Moves the clock, then sends the retries that came due, and answers after their attempts. */
async function clock(deps: ControlDeps, body: Obj): Promise<Reply> {
  const { state } = deps;
  if (body.advanceSeconds !== undefined) {
    if (typeof body.advanceSeconds !== 'number' || !Number.isFinite(body.advanceSeconds)) fail(400, 'advanceSeconds must be a number');
    state.clock.advanceSeconds(body.advanceSeconds as number);
  } else if (body.now !== undefined) {
    const ms = typeof body.now === 'string' ? Date.parse(body.now) : NaN;
    if (Number.isNaN(ms)) fail(400, 'now must be an ISO date-time');
    state.clock.set(ms);
  } else {
    fail(400, 'give advanceSeconds or now');
  }
  const retried = await deps.deliverer.sendDue();
  return json({ now: state.clock.iso(), deliveries: retried.map(deliverySummary) });
}

function userEvent(deps: ControlDeps, userId: string | undefined, action: string | undefined, body: Obj): Reply | Promise<Reply> {
  const { state } = deps;
  let id = userId ?? '';
  try {
    id = decodeURIComponent(id);
  } catch {
    // An undecodable id is simply unknown.
  }
  const user = state.index.users.get(id);
  if (!user) return fail(404, `unknown user ${userId ?? ''}`);
  if (action !== undefined && SIGNAL_ACTIONS.has(action)) return signalAction(deps, user, action, body);
  const rt = state.userRuntime(user.id);
  switch (action) {
    case 'change-password': {
      const password = idField(body, 'password');
      if (password !== undefined && password !== '') user.password = password;
      rt.passwordChanged = state.event();
      break;
    }
    case 'checkpoint':
      rt.checkpoint = state.event();
      break;
    case 'logout':
      rt.loggedOut = state.event();
      break;
    default:
      return fail(404, `unknown user action ${action ?? ''}`);
  }
  return json({ ok: true, userId: user.id, action });
}

function knownApp(state: EmulatorState, rawId: string | undefined): WorldApp {
  let id = rawId ?? '';
  try {
    id = decodeURIComponent(id);
  } catch {
    // An undecodable id is simply unknown.
  }
  return state.index.apps.get(id) ?? fail(404, `unknown app ${rawId ?? ''}`);
}

/** What Meta (or the app's admins) can do to an app itself; the answer names the action, as userEvent's does. */
function appAction(state: EmulatorState, appId: string | undefined, action: string | undefined, body: Obj): Reply {
  const app = knownApp(state, appId);
  switch (action) {
    case 'delete':
      deleteApp(state, app);
      break;
    case 'restore':
      restoreApp(state, app);
      break;
    case 'rotate-secret': {
      const secret = idField(body, 'secret');
      if (secret === '') return fail(400, 'secret must not be empty');
      if (secret === app.secret) return fail(400, 'secret must differ from the current one');
      // The control API is not Meta: it hands the new secret back, so a test can go on with it.
      return json({ ok: true, appId: app.id, action, secret: rotateSecret(state, app, secret) });
    }
    case 'invalidate-tokens': {
      const userIds = body.userIds === undefined || body.userIds === null ? undefined : stringList(body.userIds, 'userIds');
      if (userIds?.length === 0) return fail(400, 'userIds must not be empty (leave it out to invalidate every token of the app)');
      const unknown = userIds?.find((id) => !state.index.users.has(id) && !state.index.systemUsers.has(id));
      if (unknown !== undefined) return fail(400, `userIds: ${unknown} is neither a user nor a system user`);
      return json({ ok: true, appId: app.id, action, tokens: invalidateAppTokens(state, app, userIds) });
    }
    default:
      return fail(404, `unknown app action ${action ?? ''}`);
  }
  return json({ ok: true, appId: app.id, action });
}

const LIMIT_KEYS: ReadonlyArray<keyof Limits> = [
  'appCallsPerHour', 'userCallsPerHour', 'adAccountCallsPerHour', 'pageCallsPerHour', 'businessCallsPerHour', 'latencyMs',
];

function limits(state: EmulatorState, body: Obj): Reply {
  for (const k of LIMIT_KEYS) {
    const v = body[k];
    if (v === undefined) continue;
    if (v === null) state.limits[k] = DEFAULT_LIMITS[k];
    else if (typeof v === 'number' && Number.isFinite(v) && v >= 0) state.limits[k] = v;
    else fail(400, `${k} must be a non-negative number or null`);
  }
  return json(state.limits);
}
