/**
 * Access tokens as Meta issues and judges them: opaque random strings, short-lived (2 h) and
 * long-lived (~60 days) user tokens, system-user tokens (never expiring, or 60 days), page tokens derived from
 * a user token, and the app token `APP_ID|APP_SECRET`. Validity is decided at use time from the
 * virtual clock, the user's security events and the app's own health, the way Meta invalidates
 * sessions.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { appInvalidationOf, isAppDeleted } from './app-health.ts';
import { APP_DELETED_MESSAGE } from './errors.ts';
import type { EmulatorState, TokenRecord } from './state.ts';
import type { WorldApp } from './world.ts';

export const SHORT_LIVED_SECONDS = 7200;
/** Meta's long-lived `expires_in` (60 days less a minute), as its documentation shows it. */
export const LONG_LIVED_SECONDS = 5_183_944;
export const DATA_ACCESS_SECONDS = 90 * 24 * 3600;
/** A system-user token made with `set_token_expires_in_60_days` (or a 60-day configuration) lives exactly 60 days. */
export const SYSTEM_60_DAYS_SECONDS = 60 * 24 * 3600;
export const CODE_VALIDITY_MS = 10 * 60 * 1000;

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomBase62(length: number): string {
  // 248 = 4 * 62: rejecting bytes above it keeps every character equally likely.
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248) out += BASE62[b % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A token string shaped like Meta's: "EAA" and ~100 base62 characters, nothing decodable in it. */
export function newTokenString(): string {
  return `EAA${randomBase62(100)}`;
}

export function newCode(): string {
  return `AQ${randomBase62(180)}`;
}

export interface TokenProblem {
  subcode?: number;
  message: string;
}

export type Inspected =
  | { kind: 'malformed' }
  | { kind: 'app'; app: WorldApp; secretOk: boolean }
  | { kind: 'record'; rec: TokenRecord; app: WorldApp; problem?: TokenProblem };

const pacific = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  weekday: 'long', day: '2-digit', month: 'short', year: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
});

/** Meta's date style in expiry messages: "Monday, 23-Nov-15 14:00:00 PST". */
export function metaDate(ms: number): string {
  const p: Record<string, string> = {};
  for (const part of pacific.formatToParts(new Date(ms))) p[part.type] = part.value;
  return `${p.weekday}, ${p.day}-${p.month}-${p.year} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}

export function inspectToken(state: EmulatorState, token: string): Inspected {
  const bar = token.indexOf('|');
  if (bar > 0) {
    const app = state.index.apps.get(token.slice(0, bar));
    if (!app) return { kind: 'malformed' };
    return { kind: 'app', app, secretOk: token.slice(bar + 1) === app.secret };
  }
  const rec = state.tokens.get(token);
  if (!rec) return { kind: 'malformed' };
  const app = state.index.apps.get(rec.appId);
  if (!app) return { kind: 'malformed' };
  const problem = tokenProblem(state, rec);
  return problem ? { kind: 'record', rec, app, problem } : { kind: 'record', rec, app };
}

const PREFIX = 'Error validating access token: ';

/**
 * Subcode 460 is documented as "password changed"; its message also names the case where
 * Facebook changes the session for security reasons, which is what an app-wide reset is.
 */
const SESSION_CHANGED: TokenProblem = {
  subcode: 460,
  message: `${PREFIX}The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.`,
};

/** Why a token no longer works, or undefined. The earliest cause wins, as it would on Meta. */
export function tokenProblem(state: EmulatorState, rec: TokenRecord): TokenProblem | undefined {
  // Meta validates the application before the session: a deleted app hides every other cause.
  if (isAppDeleted(state, rec.appId)) return { message: APP_DELETED_MESSAGE };
  const now = state.clock.now();
  const appReset = appInvalidationOf(state, rec);
  const candidates: Array<{ at: number; rank: number; problem: TokenProblem }> = [];
  const hit = (ev: { seq: number; at: number } | undefined, rank: number, problem: TokenProblem): void => {
    if (ev && ev.seq > rec.issuedSeq) candidates.push({ at: ev.at, rank, problem });
  };
  const expired = (): void => {
    if (rec.expiresAt !== 0 && now >= rec.expiresAt) {
      candidates.push({
        at: rec.expiresAt,
        rank: 4,
        problem: { subcode: 463, message: `${PREFIX}Session has expired on ${metaDate(rec.expiresAt)}. The current time is ${metaDate(now)}.` },
      });
    }
  };
  const notAuthorized: TokenProblem = { subcode: 458, message: `${PREFIX}The user has not authorized application ${rec.appId}.` };
  if (rec.kind === 'system' || rec.systemUserId !== undefined) {
    const su = rec.systemUserId !== undefined ? state.index.systemUsers.get(rec.systemUserId) : undefined;
    if (!su) return { message: `${PREFIX}The session is invalid.` };
    // No person's events reach a system user: its token expires (a 60-day one), its business
    // removes the app (a Business Integration System User is deleted then: assumption, 458 as
    // for a person who removed the app), or the app's tokens are reset.
    const integration = state.integrations.get(su.id);
    if (integration?.uninstalled) candidates.push({ at: integration.uninstalled.at, rank: 0, problem: notAuthorized });
    expired();
    hit(appReset, 6, SESSION_CHANGED);
    return earliest(candidates);
  }
  const userId = rec.userId ?? '';
  if (!state.index.users.has(userId)) return { message: `${PREFIX}The session is invalid.` };
  const rt = state.userRuntime(userId);
  hit(rt.appRemoved.get(rec.appId), 0, notAuthorized);
  hit(rt.passwordChanged, 1, SESSION_CHANGED);
  hit(rt.checkpoint, 2, { subcode: 459, message: `${PREFIX}You cannot access the app till you log in to www.facebook.com and follow the instructions given.` });
  hit(rt.loggedOut, 3, { subcode: 467, message: `${PREFIX}The session is invalid because the user logged out.` });
  expired();
  const dataUntil = dataAccessExpiresAt(state, userId);
  if (dataUntil !== 0 && now >= dataUntil) {
    candidates.push({
      at: dataUntil,
      rank: 5,
      problem: { subcode: 493, message: `${PREFIX}Data access has expired because the user has not logged in to the app for 90 days.` },
    });
  }
  hit(appReset, 6, SESSION_CHANGED);
  return earliest(candidates);
}

function earliest(candidates: Array<{ at: number; rank: number; problem: TokenProblem }>): TokenProblem | undefined {
  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => a.at - b.at || a.rank - b.rank);
  return candidates[0]?.problem;
}

/** Epoch ms when the user's data access ends (90 days after the last login), 0 when unknown. */
export function dataAccessExpiresAt(state: EmulatorState, userId: string): number {
  const last = state.runtime.get(userId)?.lastLoginAt;
  return last === undefined ? 0 : last + DATA_ACCESS_SECONDS * 1000;
}

export function scopesOf(state: EmulatorState, rec: TokenRecord): string[] {
  if (rec.scopes) return rec.scopes;
  return [...state.grantsFor(rec.userId ?? '', rec.appId).granted];
}

export function hasScope(state: EmulatorState, rec: TokenRecord, ...any: string[]): boolean {
  if (rec.scopes) return any.some((s) => rec.scopes?.includes(s) ?? false);
  const granted = state.grantsFor(rec.userId ?? '', rec.appId).granted;
  return any.some((s) => granted.has(s));
}

export function appsecretProof(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

function store(state: EmulatorState, rec: Omit<TokenRecord, 'token' | 'issuedAt' | 'issuedSeq'>): TokenRecord {
  const full: TokenRecord = { ...rec, token: newTokenString(), issuedAt: state.clock.now(), issuedSeq: state.nextSeq() };
  state.tokens.set(full.token, full);
  return full;
}

export function issueUserToken(state: EmulatorState, appId: string, userId: string, long: boolean): TokenRecord {
  const lifetime = long ? LONG_LIVED_SECONDS : SHORT_LIVED_SECONDS;
  return store(state, { kind: 'user', appId, userId, long, expiresAt: state.clock.now() + lifetime * 1000 });
}

/** A system-user token: never expiring, or (`expiresIn60Days`) expiring 60 days from now. */
export function issueSystemToken(state: EmulatorState, appId: string, systemUserId: string, scopes: string[], expiresIn60Days = false): TokenRecord {
  const expiresAt = expiresIn60Days ? state.clock.now() + SYSTEM_60_DAYS_SECONDS * 1000 : 0;
  return store(state, { kind: 'system', appId, systemUserId, long: true, expiresAt, scopes: [...new Set(scopes)] });
}

/**
 * The page token Meta hands out in /me/accounts: derived from the user token, it never expires
 * when the user token is long-lived and dies with the user's session (same security events).
 */
export function pageTokenFor(state: EmulatorState, userRec: TokenRecord, pageId: string): string {
  const key = `${userRec.token} ${pageId}`;
  const existing = state.pageTokens.get(key);
  if (existing && state.tokens.has(existing)) return existing;
  const token = newTokenString();
  state.tokens.set(token, {
    token, kind: 'page', appId: userRec.appId, userId: userRec.userId, systemUserId: userRec.systemUserId, pageId, long: userRec.long,
    issuedAt: state.clock.now(), issuedSeq: userRec.issuedSeq, expiresAt: userRec.long ? 0 : userRec.expiresAt,
    ...(userRec.scopes ? { scopes: userRec.scopes } : {}),
  });
  state.pageTokens.set(key, token);
  state.touch();
  return token;
}
