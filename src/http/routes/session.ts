import type { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { DEMO_EMAIL, DEMO_PASSWORD, signIn, signOut } from '../../accounts/accounts.ts';
import { updateMemberLocale } from '../../accounts/accounts.queries.ts';
import { requireAuth, requireMember, SESSION_COOKIE } from '../auth.ts';
import type { AppEnv, HttpDeps } from '../context.ts';
import { jsonBody } from '../validate.ts';

const credentials = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

export function sessionRoutes(app: Hono<AppEnv>, deps: HttpDeps, clientAddress: (c: import('hono').Context) => string): void {
  const secure = deps.config.publicUrl.startsWith('https://');

  // What the sign-in page may know before anyone signs in: the demo hint, in demo mode only.
  app.get('/api/public-info', (c) =>
    c.json(deps.config.demoMode ? { demoMode: true, demoEmail: DEMO_EMAIL, demoPassword: DEMO_PASSWORD } : { demoMode: false }),
  );

  app.post('/api/session', async (c) => {
    const input = await jsonBody(c, credentials);
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
      { ...input, clientAddress: clientAddress(c) },
    );
    setCookie(c, SESSION_COOKIE, result.sessionCookie, {
      httpOnly: true,
      sameSite: 'Lax',
      secure,
      path: '/',
      expires: result.expiresAt,
    });
    return c.json({ member: result.member });
  });

  app.delete('/api/session', async (c) => {
    const auth = c.get('auth');
    if (auth?.kind === 'session') await signOut(deps.database.db, auth.sessionCookie);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
    return c.body(null, 204);
  });

  app.get('/api/me', (c) => {
    const auth = requireAuth(c);
    if (auth.kind === 'api_key') return c.json({ apiKey: { id: auth.keyId, workspaceId: auth.workspaceId } });
    return c.json({ member: auth.member, demoMode: deps.config.demoMode });
  });

  app.patch('/api/me', async (c) => {
    const member = requireMember(c);
    const input = await jsonBody(c, z.object({ locale: z.enum(['it', 'en']) }));
    await updateMemberLocale(deps.database.db, member.id, input.locale);
    return c.json({ member: { ...member, locale: input.locale } });
  });
}
