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
 *
 * An app-wide invalidation is an event like a person's password change, for every user and
 * system-user token of the app (or those of some people): tokens issued before it answer 190,
 * tokens issued after it work.
 */
import { randomBytes } from 'node:crypto';
import { appDeleted } from './errors.ts';
import type { AppInvalidation, EmulatorState, TokenRecord } from './state.ts';
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
  // Reading, not creating: restoring a live app leaves no empty entry in the state file.
  const rt = state.appRuntime.get(app.id);
  if (rt) delete rt.deletedAt;
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

function hits(ev: AppInvalidation, rec: TokenRecord): boolean {
  if (ev.seq <= rec.issuedSeq) return false;
  if (ev.userIds === undefined) return true;
  const actor = rec.userId ?? rec.systemUserId;
  return actor !== undefined && ev.userIds.includes(actor);
}

/** The earliest app-wide invalidation that hit this token, if any. */
export function appInvalidationOf(state: EmulatorState, rec: TokenRecord): AppInvalidation | undefined {
  return state.appRuntime.get(rec.appId)?.invalidations.find((ev) => hits(ev, rec));
}

/**
 * Invalidates the tokens of the app issued until now (only those of `userIds` when given).
 * Returns how many issued tokens (user, system-user and page tokens) it reached.
 */
export function invalidateAppTokens(state: EmulatorState, app: WorldApp, userIds?: string[]): number {
  const ev: AppInvalidation = state.event();
  if (userIds !== undefined) ev.userIds = [...new Set(userIds)];
  state.appRuntimeOf(app.id).invalidations.push(ev);
  let reached = 0;
  for (const rec of state.tokens.values()) if (rec.appId === app.id && hits(ev, rec)) reached++;
  return reached;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** `GET /__control/apps/{id}`: the app (without its secret) and what Meta holds against it. */
export function appHealth(state: EmulatorState, app: WorldApp): Record<string, unknown> {
  const rt = state.appRuntime.get(app.id);
  const { secret: _secret, ...visible } = app;
  const last = rt?.invalidations.at(-1);
  return {
    ...visible,
    deleted: rt?.deletedAt !== undefined,
    deletedAt: iso(rt?.deletedAt),
    secretRotations: rt?.secretRotations ?? 0,
    lastSecretRotationAt: iso(rt?.lastSecretRotationAt),
    invalidations: rt?.invalidations.length ?? 0,
    lastInvalidation: last ? { at: iso(last.at), userIds: last.userIds ?? null } : null,
  };
}
