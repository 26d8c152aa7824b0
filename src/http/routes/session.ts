import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { DEMO_EMAIL, DEMO_PASSWORD, signIn, signOut } from '../../accounts/accounts.ts';
import { updateMemberLocale } from '../../accounts/accounts.queries.ts';
import { DEMO_CAST, DEMO_META_PASSWORD } from '../../demo/cast.ts';
import { SESSION_COOKIE } from '../auth.ts';
import type { HttpDeps } from '../context.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { member, noContent, orNull } from '../schemas.ts';

export const sessionRouteDefs = {
  publicInfo: defineRoute({
    method: 'get',
    path: '/api/public-info',
    tag: 'Session',
    summary: 'What the sign-in page may know before anyone signs in (the demo hint, in demo mode only)',
    access: 'public',
    responses: {
      200: {
        description: 'Demo mode and, in it, the demo credentials, and the Meta users of the local emulator with the state the demo gives each.',
        schema: z.strictObject({
          demoMode: z.boolean(),
          demoEmail: z.string().optional(),
          demoPassword: z.string().optional(),
          demoMetaPassword: z.string().optional(),
          demoMetaUsers: z.array(z.strictObject({ name: z.string(), email: z.string(), state: z.enum(['active', 'expiring', 'expired', 'inactive', 'declined']) })).optional(),
        }),
      },
    },
  }),
  signIn: defineRoute({
    method: 'post',
    path: '/api/session',
    tag: 'Session',
    summary: 'Sign in: sets the `wevion_session` cookie (HttpOnly, SameSite=Lax)',
    access: 'public',
    body: z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) }),
    responses: { 200: { description: 'Signed in.', schema: z.strictObject({ member }) } },
    errors: ['invalid_credentials', 'too_many_attempts'],
  }),
  current: defineRoute({
    method: 'get',
    path: '/api/session',
    tag: 'Session',
    summary: 'Whether this browser is signed in: the member, or null',
    description: 'What the UI asks when it starts: never a 401 (the sign-in page asks before anyone has signed in, and a refused request is a console error in every browser). An API key is no session: null.',
    access: 'public',
    responses: { 200: { description: 'The signed-in member, or null.', schema: z.strictObject({ member: orNull(member), demoMode: z.boolean() }) } },
  }),
  signOut: defineRoute({ method: 'delete', path: '/api/session', tag: 'Session', summary: 'Sign out (ends the session, clears the cookie)', access: 'public', responses: { 204: noContent } }),
  me: defineRoute({
    method: 'get',
    path: '/api/me',
    tag: 'Session',
    summary: 'Who is calling: the signed-in member, or the API key',
    access: 'signedIn',
    responses: {
      200: {
        description: 'A member (session) or a key.',
        schema: z.union([z.strictObject({ member, demoMode: z.boolean() }), z.strictObject({ apiKey: z.strictObject({ id: z.uuid(), workspaceId: z.uuid() }) })]),
      },
    },
  }),
  setLocale: defineRoute({
    method: 'patch',
    path: '/api/me',
    tag: 'Session',
    summary: 'The member’s language',
    access: 'member',
    body: z.object({ locale: z.enum(['it', 'en']) }),
    responses: { 200: { description: 'The member.', schema: z.strictObject({ member }) } },
  }),
};

export function sessionRoutes(app: ApiApp, deps: HttpDeps, clientAddress: (c: Context) => string): void {
  const secure = deps.config.publicUrl.startsWith('https://');
  const defs = sessionRouteDefs;

  const demoInfo = {
    demoMode: true,
    demoEmail: DEMO_EMAIL,
    demoPassword: DEMO_PASSWORD,
    demoMetaPassword: DEMO_META_PASSWORD,
    demoMetaUsers: DEMO_CAST.map(({ name, email, state }) => ({ name, email, state })),
  };
  mount(app, defs.publicInfo, () => ({ status: 200, body: deps.config.demoMode ? demoInfo : { demoMode: false } }));

  mount(app, defs.signIn, async (c, { body }) => {
    const result = await signIn(
      {
        db: deps.database.db,
        clock: deps.clock,
        policy: {
          attemptsPerWindow: deps.config.loginAttemptsPerWindow,
          windowMinutes: deps.config.loginWindowMinutes,
          sessionTtlHours: deps.config.sessionTtlHours,
        },
      },
      { ...body, clientAddress: clientAddress(c) },
    );
    setCookie(c, SESSION_COOKIE, result.sessionCookie, { httpOnly: true, sameSite: 'Lax', secure, path: '/', expires: result.expiresAt });
    return { status: 200, body: { member: result.member } };
  });

  mount(app, defs.current, (_c, { auth }) => ({ status: 200, body: { member: auth?.kind === 'session' ? auth.member : null, demoMode: deps.config.demoMode } }));

  mount(app, defs.signOut, async (c) => {
    const auth = c.get('auth');
    if (auth?.kind === 'session') await signOut(deps.database.db, auth.sessionCookie);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
    return { status: 204 };
  });

  mount(app, defs.me, (_c, { auth }) => {
    if (auth.kind === 'api_key') return { status: 200, body: { apiKey: { id: auth.keyId, workspaceId: auth.workspaceId } } };
    return { status: 200, body: { member: auth.member, demoMode: deps.config.demoMode } };
  });

  mount(app, defs.setLocale, async (_c, { auth: current, body }) => {
    await updateMemberLocale(deps.database.db, current.id, body.locale);
    return { status: 200, body: { member: { ...current, locale: body.locale } } };
  });
}
