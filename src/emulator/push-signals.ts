/**
 * What a person does to an app on Meta, and what Meta then pushes to the app: removing the app
 * (its tokens die with 190/458; the deauthorize callback and the `permissions` webhook's
 * `connected` field), revoking or granting one permission (the grant as `/me/permissions` and
 * `debug_token` show it; the webhook field named for the permission), and asking for their data
 * to be deleted (the data deletion callback). The control API and the emulator's settings page
 * both call these, so a click and a test do the same thing. Each answers once the first attempt
 * of every delivery it caused has completed.
 */
import { permissionTargets } from './access.ts';
import type { Deliverer } from './deliverer.ts';
import type { Delivery, DeliveryKind } from './deliveries.ts';
import { KNOWN_PERMISSIONS } from './permissions.ts';
import { signedRequest } from './signing.ts';
import type { EmulatorState } from './state.ts';
import type { WorldApp, WorldUser } from './world.ts';

export interface SignalDeps {
  state: EmulatorState;
  deliverer: Deliverer;
}

/** A person's action that cannot be done (the control API answers 400, the settings page says so). */
export class SignalError extends Error {}

/** Whether the app is subscribed to this field of the `permissions` object. */
function subscribedTo(state: EmulatorState, appId: string, field: string): string | undefined {
  const subscription = state.subscriptions.get(appId)?.get('permissions');
  return subscription?.fields.has(field) ? subscription.callbackUrl : undefined;
}

/**
 * A callback as Meta sends it: a form with `signed_request`, whose payload names the person as
 * the app sees them (the emulator has one id per person, so their id) and the virtual time.
 */
function callback(state: EmulatorState, app: WorldApp, user: WorldUser, kind: DeliveryKind, url: string): Delivery {
  const payload = { algorithm: 'HMAC-SHA256', issued_at: state.clock.nowSeconds(), user_id: user.id };
  const body = new URLSearchParams({ signed_request: signedRequest(payload, app.secret) }).toString();
  return state.deliveries.create({ appId: app.id, kind, url, body, userId: user.id, createdAt: state.clock.now() });
}

/** One `permissions` webhook with one change (Meta may batch up to 1,000; the emulator sends each at once). */
function permissionsWebhook(state: EmulatorState, app: WorldApp, user: WorldUser, url: string, field: string, value: Record<string, unknown>): Delivery {
  const body = JSON.stringify({
    object: 'permissions',
    entry: [{ id: user.id, uid: user.id, time: state.clock.nowSeconds(), changes: [{ field, value }] }],
  });
  return state.deliveries.create({ appId: app.id, kind: 'webhook', url, body, userId: user.id, createdAt: state.clock.now() });
}

async function sent(deps: SignalDeps, deliveries: Delivery[]): Promise<Delivery[]> {
  if (deliveries.length > 0) deps.state.touch();
  await deps.deliverer.send(deliveries);
  return deliveries;
}

/** Whether the person has authorized the app (and not removed it since). */
export function hasAuthorized(state: EmulatorState, userId: string, appId: string): boolean {
  return state.grants.has(`${userId} ${appId}`);
}

export async function removeApp(deps: SignalDeps, user: WorldUser, app: WorldApp): Promise<Delivery[]> {
  const { state } = deps;
  state.userRuntime(user.id).appRemoved.set(app.id, state.event());
  // Removing the app takes back every permission; a new login starts from scratch.
  state.grants.delete(`${user.id} ${app.id}`);
  const deliveries: Delivery[] = [];
  if (app.deauthorizeCallbackUrl !== undefined) deliveries.push(callback(state, app, user, 'deauthorize', app.deauthorizeCallbackUrl));
  const webhookUrl = subscribedTo(state, app.id, 'connected');
  // Assumption: Meta does not document the value of `connected`; the emulator says the connection was revoked.
  if (webhookUrl !== undefined) deliveries.push(permissionsWebhook(state, app, user, webhookUrl, 'connected', { verb: 'revoked' }));
  return sent(deps, deliveries);
}

/** Revokes (grant false) or grants one permission the person holds (or does not), as in their settings on Meta. */
export async function changePermission(deps: SignalDeps, user: WorldUser, app: WorldApp, permission: string, grant: boolean): Promise<Delivery[]> {
  const { state } = deps;
  if (!KNOWN_PERMISSIONS.has(permission)) throw new SignalError(`unknown permission ${permission}`);
  if (permission === 'public_profile') throw new SignalError('public_profile cannot be revoked or granted alone: remove the app instead');
  const grants = state.grants.get(`${user.id} ${app.id}`);
  if (!grants) throw new SignalError(`${user.name} has not authorized ${app.name}`);
  if (grant && grants.granted.has(permission)) throw new SignalError(`${user.name} already grants ${permission} to ${app.name}`);
  if (!grant && !grants.granted.has(permission)) throw new SignalError(`${user.name} does not grant ${permission} to ${app.name}`);
  // A permission taken back shows as declined, as /me/permissions shows one removed in the settings.
  if (grant) {
    grants.granted.add(permission);
    grants.declined.delete(permission);
  } else {
    grants.granted.delete(permission);
    grants.declined.add(permission);
  }
  state.touch();
  const webhookUrl = subscribedTo(state, app.id, permission);
  if (webhookUrl === undefined) return [];
  const targets = permissionTargets(state.index, { kind: 'user', userId: user.id }, permission);
  const value = { verb: grant ? 'granted' : 'revoked', ...(targets && targets.length > 0 ? { target_ids: targets } : {}) };
  return sent(deps, [permissionsWebhook(state, app, user, webhookUrl, permission, value)]);
}

/** The person asks for their data to be deleted: the data deletion callback, when the app has one. */
export async function requestDataDeletion(deps: SignalDeps, user: WorldUser, app: WorldApp): Promise<Delivery[]> {
  const url = app.dataDeletionCallbackUrl;
  return sent(deps, url === undefined ? [] : [callback(deps.state, app, user, 'data_deletion', url)]);
}
