/**
 * Meta's verdict on an app itself, beside its users' sessions. A deleted app is refused whatever
 * the token: its app token and OAuth calls naming it get code 101, its user, system-user and page
 * tokens get code 190, and its login dialog shows an error. Restoring the app (the emulator's
 * stand-in for Meta restoring one) makes its old tokens work again. The control API changes
 * this state; authentication, the token endpoints and the dialog read it.
 *
 * Rotating the secret needs nothing more than the new secret in the app: every check (the app
 * token `APP_ID|SECRET`, `appsecret_proof`, `client_secret`) reads the app's current secret, so
 * the old one is refused everywhere at once, while user tokens stay valid.
 */
import { randomBytes } from 'node:crypto';
import { appDeleted } from './errors.ts';
import type { EmulatorState } from './state.ts';
import type { WorldApp } from './world.ts';

export function isAppDeleted(state: EmulatorState, appId: string): boolean {
  return state.appRuntime.get(appId)?.deletedAt !== undefined;
}

/** Throws Meta's code 101 when the app is deleted (app tokens, client_id of OAuth calls). */
export function requireLiveApp(state: EmulatorState, app: WorldApp): void {
  if (isAppDeleted(state, app.id)) throw appDeleted();
}

export function deleteApp(state: EmulatorState, app: WorldApp): void {
  const rt = state.appRuntimeOf(app.id);
  // Deleting twice keeps the first time: the app has been gone since then.
  rt.deletedAt ??= state.clock.now();
}

export function restoreApp(state: EmulatorState, app: WorldApp): void {
  delete state.appRuntimeOf(app.id).deletedAt;
}

/** Replaces the app's secret (a new random one when none is given, shaped like Meta's: 32 hex digits). */
export function rotateSecret(state: EmulatorState, app: WorldApp, secret?: string): string {
  const next = secret ?? randomBytes(16).toString('hex');
  // The world and its index share the app object: the world file and the state file see it too.
  app.secret = next;
  const rt = state.appRuntimeOf(app.id);
  rt.secretRotations++;
  rt.lastSecretRotationAt = state.clock.now();
  return next;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** `GET /__control/apps/{id}`: the app (without its secret) and what Meta holds against it. */
export function appHealth(state: EmulatorState, app: WorldApp): Record<string, unknown> {
  const rt = state.appRuntime.get(app.id);
  const { secret: _secret, ...visible } = app;
  return {
    ...visible,
    deleted: rt?.deletedAt !== undefined,
    deletedAt: iso(rt?.deletedAt),
    secretRotations: rt?.secretRotations ?? 0,
    lastSecretRotationAt: iso(rt?.lastSecretRotationAt),
  };
}
