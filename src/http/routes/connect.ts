import { z } from '@hono/zod-openapi';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import type { TokensService } from '../../tokens/service.ts';
import { requireMember } from '../auth.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { profileOf } from '../resolve.ts';
import { idParam } from '../schemas.ts';

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
  reconnect: defineRoute({
    method: 'get',
    path: '/connect/meta/reconnect/{id}',
    tag: 'Meta profiles',
    summary: 'Reconnect in one click: a browser navigation straight to Meta’s dialog for this profile (`auth_type=rerequest` where permissions were declined), back to the profile’s page',
    description:
      'The link of every “Reconnect” (the app’s buttons, notifications, emails, Telegram). For the person who connected the profile, or an admin; for anyone else in the workspace, and another workspace’s ids, 404. Not signed in: a redirect to `/login?next=…` that comes back here. A business connection: Connect a business again, for admins (its token is replaced by the same business’s new one). A pasted System User profile: its page (its token is replaced by pasting a new one). The `state` is single-use and bound to the session, as Connect’s.',
    access: 'public',
    params: z.object({ id: idParam('profile', 'its Meta user id') }),
    responses: { 302: redirect },
    errors: ['forbidden', 'not_found'],
  }),
  business: defineRoute({
    method: 'get',
    path: '/connect/meta/business',
    tag: 'Meta profiles',
    summary: 'Connect a business: a browser navigation to Meta’s Facebook Login for Business dialog with the system-user configuration (`config_id`, `response_type=code`, `override_default_response_type=true`, a single-use `state` bound to the session, no `scope`)',
    description:
      'Admins only (403 otherwise); 404 when META_BUSINESS_CONFIG_ID is not set. Not signed in: a redirect to `/login?next=/connect/meta/business`. The client’s admin picks the business and the assets to share on Meta; the callback stores a System User profile of that business (`connection: "business"`), or replaces the token of the one it has.',
    access: 'public',
    responses: { 302: redirect },
    errors: ['forbidden', 'not_found'],
  }),
  options: defineRoute({
    method: 'get',
    path: '/api/connect-options',
    tag: 'Meta profiles',
    summary: 'Which ways of connecting this deployment offers (the Meta Users page’s buttons)',
    access: 'signedIn',
    responses: {
      200: {
        description: 'The ways of connecting.',
        schema: z.strictObject({
          connectBusiness: z.boolean().openapi({ description: 'META_BUSINESS_CONFIG_ID is set: admins may Connect a business.' }),
          loginConfiguration: z.boolean().openapi({ description: 'META_LOGIN_CONFIG_ID is set: Connect Meta Account sends the configuration instead of `scope`.' }),
        }),
      },
    },
  }),
  callback: defineRoute({
    method: 'get',
    path: '/connect/meta/callback',
    tag: 'Meta profiles',
    summary: 'Meta’s redirect back: stores or updates the profile, then back to `/meta-users?result=…` (a reconnect: the profile’s page, `/meta-users/{id}?result=…`)',
    access: 'public',
    query: z.object({
      code: z.string().optional(),
      state: z.string().optional(),
      error: z.string().optional().openapi({ description: 'Meta’s error: `access_denied` when the person cancelled.' }),
      error_description: z.string().max(2000).optional(),
    }),
    responses: { 302: redirect },
  }),
};

/** Browser navigations (not JSON): Connect Meta Account, one-click Reconnect, and Meta's redirect back. */
export function connectRoutes(tokens: TokensService, db: Db) {
  return (app: ApiApp) => {
    // Signed-in people only, but a browser that is not signed in is sent to sign in (a redirect, not a 401).
    mount(app, connectRouteDefs.start, async (c, { auth }) => {
      if (!auth) return { raw: c.redirect('/login?next=/meta-users', 302) };
      if (auth.kind !== 'session') throw new AppError('forbidden', 'Connecting a Meta profile is for signed-in people.');
      const url = await tokens.startConnect({ member: requireMember(c), sessionCookie: auth.sessionCookie });
      return { raw: c.redirect(url, 302) };
    });

    mount(app, connectRouteDefs.reconnect, async (c, { auth, params }) => {
      // An email's link opened signed out: sign in, then come back to this very link.
      if (!auth) return { raw: c.redirect(`/login?next=${encodeURIComponent(`/connect/meta/reconnect/${params.id}`)}`, 302) };
      if (auth.kind !== 'session') throw new AppError('forbidden', 'Reconnecting a Meta profile is for signed-in people.');
      const member = requireMember(c);
      const profile = await profileOf(db, auth.workspaceId, params.id);
      // Not theirs to fix: as if it did not exist (the link may have been forwarded).
      if (member.role !== 'admin' && profile.connectedBy !== member.id) throw notFound('Meta profile');
      // A business connection is connected again through Meta's business dialog (admins only).
      if (profile.connection === 'business' && member.role === 'admin' && tokens.app.businessConfigId) {
        return { raw: c.redirect(await tokens.startConnect({ member, sessionCookie: auth.sessionCookie, metaUser: profile, flow: 'business' }), 302) };
      }
      if (profile.tokenType === 'system_user') return { raw: c.redirect(`/meta-users/${profile.id}`, 302) };
      const url = await tokens.startConnect({ member, sessionCookie: auth.sessionCookie, metaUser: profile });
      return { raw: c.redirect(url, 302) };
    });

    mount(app, connectRouteDefs.business, async (c, { auth }) => {
      if (!auth) return { raw: c.redirect(`/login?next=${encodeURIComponent('/connect/meta/business')}`, 302) };
      if (auth.kind !== 'session') throw new AppError('forbidden', 'Connecting a business is for signed-in admins.');
      const member = requireMember(c);
      if (member.role !== 'admin') throw new AppError('forbidden', 'Only an admin of the workspace may connect a business.');
      if (!tokens.app.businessConfigId) throw notFound('Connect a business (META_BUSINESS_CONFIG_ID is not set)');
      return { raw: c.redirect(await tokens.startConnect({ member, sessionCookie: auth.sessionCookie, flow: 'business' }), 302) };
    });

    mount(app, connectRouteDefs.options, () => ({ status: 200, body: { connectBusiness: Boolean(tokens.app.businessConfigId), loginConfiguration: Boolean(tokens.app.loginConfigId) } }));

    mount(app, connectRouteDefs.callback, async (c, { auth, query }) => {
      const outcome = await tokens.completeConnect({
        code: query.code,
        state: query.state,
        error: query.error,
        errorDescription: query.error_description,
        sessionCookie: auth?.kind === 'session' ? auth.sessionCookie : undefined,
      });
      // Always back to our own page: the target is fixed (a reconnect's profile comes from the
      // state we stored, never from the request).
      const target = new URLSearchParams({ result: outcome.result });
      if (outcome.flow === 'business') target.set('flow', 'business');
      if ((outcome.result === 'connected' || outcome.result === 'reconnected') && !outcome.profileId) target.set('profile', outcome.metaUser.id);
      if (outcome.result === 'different_account') {
        target.set('expected', outcome.expected);
        target.set('actual', outcome.actual);
      }
      if (outcome.result === 'error') {
        target.set('reason', outcome.reason);
        target.set('message', outcome.message);
      }
      const page = outcome.profileId ? `/meta-users/${outcome.profileId}` : '/meta-users';
      return { raw: c.redirect(`${page}?${target.toString()}`, 302) };
    });
  };
}
