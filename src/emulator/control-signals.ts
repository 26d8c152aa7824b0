/**
 * The control API's side of Meta's push signals: the person's actions that make Meta push
 * something to an app (`POST /__control/users/{id}/remove-app|revoke-permission|grant-permission|request-data-deletion`),
 * and the record of what was pushed (`GET /__control/apps/{id}/deliveries`). Each action answers
 * after the first attempt of every delivery it caused, and lists them.
 */
import { deliverySummary, deliveryView } from './deliveries.ts';
import type { Ctx, Reply } from './http.ts';
import { changePermission, removeApp, requestDataDeletion, SignalError, type SignalDeps } from './push-signals.ts';
import type { WorldApp, WorldUser } from './world.ts';

export const SIGNAL_ACTIONS: ReadonlySet<string> = new Set(['remove-app', 'revoke-permission', 'grant-permission', 'request-data-deletion']);

export class ControlSignalError extends Error {}

function appOf(deps: SignalDeps, body: Record<string, unknown>): WorldApp {
  const appId = body.appId;
  const app = typeof appId === 'string' || typeof appId === 'number' ? deps.state.index.apps.get(String(appId)) : undefined;
  if (!app) throw new ControlSignalError('appId must name a known app');
  return app;
}

function permissionOf(body: Record<string, unknown>): string {
  if (typeof body.permission !== 'string' || body.permission === '') throw new ControlSignalError('permission must be a permission name');
  return body.permission;
}

export async function signalAction(deps: SignalDeps, user: WorldUser, action: string, body: Record<string, unknown>): Promise<Reply> {
  const app = appOf(deps, body);
  let permission: string | undefined;
  let deliveries;
  try {
    switch (action) {
      case 'remove-app':
        deliveries = await removeApp(deps, user, app);
        break;
      case 'revoke-permission':
      case 'grant-permission':
        permission = permissionOf(body);
        deliveries = await changePermission(deps, user, app, permission, action === 'grant-permission');
        break;
      default:
        deliveries = await requestDataDeletion(deps, user, app);
    }
  } catch (err) {
    if (err instanceof SignalError) throw new ControlSignalError(err.message);
    throw err;
  }
  return {
    status: 200,
    body: { ok: true, userId: user.id, action, appId: app.id, ...(permission !== undefined ? { permission } : {}), deliveries: deliveries.map(deliverySummary) },
  };
}

/** `GET /__control/apps/{id}/deliveries[?limit=N]`: newest last. */
export function listDeliveries(deps: SignalDeps, app: WorldApp, ctx: Ctx): Reply {
  const limit = Number(ctx.query.get('limit') ?? NaN);
  const list = deps.state.deliveries.list(app.id, Number.isInteger(limit) && limit >= 0 ? limit : undefined);
  return { status: 200, body: { deliveries: list.map(deliveryView) } };
}
