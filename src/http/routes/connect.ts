import { z } from '@hono/zod-openapi';
import type { TokensService } from '../../tokens/service.ts';
import { requireMember } from '../auth.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { AppError } from '../../errors.ts';

const redirect = { description: 'A redirect (`Location`).', headers: { Location: { description: 'Where the browser goes next.', schema: { type: 'string' as const } } } };

export const connectRouteDefs = {
  start: defineRoute({
    method: 'get',
    path: '/connect/meta',
    tag: 'Meta profiles',
    summary: 'Connect Meta Account: a browser navigation to Meta’s dialog (14 permissions, a single-use `state` bound to the session)',
    description: 'Not signed in: a redirect to `/login?next=/meta-users`.',
    access: 'public',
    responses: { 302: redirect },
    errors: ['forbidden'],
  }),
  callback: defineRoute({
    method: 'get',
    path: '/connect/meta/callback',
    tag: 'Meta profiles',
    summary: 'Meta’s redirect back: stores or updates the profile, then back to `/meta-users?result=…`',
    access: 'public',
    query: z.object({ code: z.string().optional(), state: z.string().optional(), error: z.string().optional() }),
    responses: { 302: redirect },
  }),
};

/** Browser navigations (not JSON): Connect Meta Account, and Meta's redirect back. */
export function connectRoutes(tokens: TokensService) {
  return (app: ApiApp) => {
    // Signed-in people only, but a browser that is not signed in is sent to sign in (a redirect, not a 401).
    mount(app, connectRouteDefs.start, async (c, { auth }) => {
      if (!auth) return { raw: c.redirect('/login?next=/meta-users', 302) };
      if (auth.kind !== 'session') throw new AppError('forbidden', 'Connecting a Meta profile is for signed-in people.');
      const url = await tokens.startConnect({ member: requireMember(c), sessionCookie: auth.sessionCookie });
      return { raw: c.redirect(url, 302) };
    });

    mount(app, connectRouteDefs.callback, async (c, { auth, query }) => {
      const outcome = await tokens.completeConnect({
        code: query.code,
        state: query.state,
        error: query.error,
        sessionCookie: auth?.kind === 'session' ? auth.sessionCookie : undefined,
      });
      // Always back to our own page: the target is fixed, never taken from the request.
      const target = new URLSearchParams({ result: outcome.result });
      if (outcome.result === 'connected' || outcome.result === 'reconnected') target.set('profile', outcome.metaUser.id);
      if (outcome.result === 'different_account') {
        target.set('expected', outcome.expected);
        target.set('actual', outcome.actual);
      }
      if (outcome.result === 'error') {
        target.set('reason', outcome.reason);
        target.set('message', outcome.message);
      }
      return { raw: c.redirect(`/meta-users?${target.toString()}`, 302) };
    });
  };
}
