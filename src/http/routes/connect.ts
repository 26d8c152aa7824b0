import type { Hono } from 'hono';
import { completeConnect, startConnect } from '../../tokens/connect.ts';
import type { TokensService } from '../../tokens/service.ts';
import { requireMember } from '../auth.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../../errors.ts';

/** Browser navigations (not JSON): Connect Meta Account, and Meta's redirect back. */
export function connectRoutes(tokens: TokensService) {
  return (app: Hono<AppEnv>) => {
    app.get('/connect/meta', async (c) => {
      const auth = c.get('auth');
      if (!auth) return c.redirect('/login?next=/meta-users', 302);
      if (auth.kind !== 'session') throw new AppError('forbidden', 'Connecting a Meta profile is for signed-in people.');
      const url = await startConnect({ ...tokens.deps, app: tokens.app }, { member: requireMember(c), sessionCookie: auth.sessionCookie });
      return c.redirect(url, 302);
    });

    app.get('/connect/meta/callback', async (c) => {
      const auth = c.get('auth');
      const outcome = await completeConnect({ ...tokens.deps, app: tokens.app }, {
        code: c.req.query('code'),
        state: c.req.query('state'),
        error: c.req.query('error'),
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
      return c.redirect(`/meta-users?${target.toString()}`, 302);
    });
  };
}
