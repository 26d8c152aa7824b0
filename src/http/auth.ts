import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Member } from '../accounts/accounts.ts';
import type { Credentials } from '../accounts/credentials.ts';
import { AppError } from '../errors.ts';
import type { ApiKeyScope } from '../accounts/scopes.ts';
import type { AppEnv, Auth } from './context.ts';

export const SESSION_COOKIE = 'wevion_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves who is calling: a session cookie (people) or a bearer API key (other services). */
export function authenticate(credentials: Credentials): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let auth: Auth | undefined;
    const header = c.req.header('authorization');
    if (header?.startsWith('Bearer ')) {
      const key = await credentials.workspaceForApiKey(header.slice(7).trim(), c.get('receivedAt'));
      if (!key) throw new AppError('unauthenticated', 'The API key is not valid.');
      auth = { kind: 'api_key', keyId: key.id, workspaceId: key.workspaceId, scopes: key.scopes };
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) {
        const member = await credentials.memberForSession(cookie, c.get('receivedAt'));
        if (member) auth = { kind: 'session', member, workspaceId: member.workspaceId, sessionCookie: cookie };
      }
    }
    c.set('auth', auth);
    await next();
    // An answered request (not refused, not failed) is a use of the key; written at most once a minute.
    if (auth?.kind === 'api_key' && c.res.status < 400) credentials.keyUsed(auth.keyId);
  };
}

/**
 * A cookie-authenticated state change must come from our own pages: browsers send Origin, and it
 * must equal PUBLIC_URL's origin. API-key requests carry no ambient credential, so they are exempt.
 */
export function csrfGuard(publicUrl: string): MiddlewareHandler<AppEnv> {
  const expected = new URL(publicUrl).origin;
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method) && c.get('auth')?.kind !== 'api_key' && (getCookie(c, SESSION_COOKIE) || c.req.header('origin'))) {
      if (c.req.header('origin') !== expected) {
        throw new AppError('csrf_rejected', `State-changing requests must carry Origin: ${expected}.`);
      }
    }
    await next();
  };
}

export function requireAuth(c: Context<AppEnv>): Auth {
  const auth = c.get('auth');
  if (!auth) throw new AppError('unauthenticated', 'Sign in first.');
  // Reading is a scope of its own for keys; what changes something asks for its scope itself.
  if (auth.kind === 'api_key' && SAFE_METHODS.has(c.req.method) && !auth.scopes.includes('read')) throw scopeMissing('read');
  return auth;
}

const scopeMissing = (scope: ApiKeyScope) => new AppError('scope_missing', `This API key lacks the scope ${scope}.`, { scope });

/**
 * For what API keys do only with a scope. A signed-in person passes, except for `onlyKeys`
 * scopes: the token itself never goes to a browser session (an XSS in the UI must not be able to
 * pull one).
 */
export function requireScope(c: Context<AppEnv>, scopes: readonly ApiKeyScope[], options: { onlyKeys?: boolean } = {}): Auth {
  const auth = requireAuth(c);
  if (auth.kind === 'session') {
    if (options.onlyKeys) throw new AppError('scope_missing', `Only API keys with the scope ${scopes.join(' or ')} may do this, never a signed-in session.`, { scope: scopes[0] });
    return auth;
  }
  if (!scopes.some((scope) => auth.scopes.includes(scope))) throw scopeMissing(scopes[0]!);
  return auth;
}

export function requireMember(c: Context<AppEnv>): Member {
  const auth = requireAuth(c);
  if (auth.kind !== 'session') throw new AppError('forbidden', 'This action is for signed-in people, not API keys.');
  return auth.member;
}

export function requireAdmin(c: Context<AppEnv>): Member {
  const member = requireMember(c);
  if (member.role !== 'admin') throw new AppError('forbidden', 'Only workspace admins may do this.');
  return member;
}
