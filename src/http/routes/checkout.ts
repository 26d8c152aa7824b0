import { z } from '@hono/zod-openapi';
import { PURPOSES } from '../../assets/broker.ts';
import { checkoutToken, type CheckoutDeps, type CheckoutTarget } from '../../checkout/checkout.ts';
import { pageCheckouts } from '../../checkout/checkouts.queries.ts';
import { checkoutView } from '../../checkout/views.ts';
import { reportGraphError, type ReportDeps } from '../../checkout/report.ts';
import { AppError } from '../../errors.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { cursor, nextCursor, pageOf, pageParams } from '../paging.ts';
import { profileIdOf } from '../resolve.ts';
import { time } from '../schemas.ts';
import { CATEGORIES } from '../../meta/classify.ts';

const id = z.string().trim().min(1).max(100);
const ID_FIELDS = ['adAccountId', 'pageId', 'pixelId', 'catalogId', 'profileId'] as const;

const checkoutBody = z
  .object({
    adAccountId: id.optional().openapi({ description: 'Ours, or Meta’s (`act_<n>` or the number).' }),
    pageId: id.optional(),
    pixelId: id.optional(),
    catalogId: id.optional(),
    profileId: id.optional().openapi({ description: 'Ours, or the Meta user id.' }),
    purpose: z.enum(PURPOSES),
  })
  .strict()
  .refine((v) => ID_FIELDS.filter((field) => v[field] !== undefined).length === 1, 'give exactly one of adAccountId, pageId, pixelId, catalogId or profileId');

const reportBody = z
  .object({
    checkoutId: z.uuid().optional(),
    profileId: id.optional().openapi({ description: 'Ours, or the Meta user id.' }),
    status: z.number().int().min(100).max(599).openapi({ description: 'The HTTP status Meta answered.' }),
    headers: z.record(z.string(), z.string().max(4096)).optional().openapi({ description: 'Meta’s response headers (the usage headers feed our throttle).' }),
    body: z.unknown().openapi({ description: 'Meta’s body as received: `{"error":{…}}`, the error object itself, or text for a 5xx.' }),
  })
  .strict()
  .refine((v) => (v.checkoutId === undefined) !== (v.profileId === undefined), 'give exactly one of checkoutId or profileId');

const checkoutAnswer = z
  .strictObject({
    checkoutId: z.uuid(),
    accessToken: z.string().openapi({ description: 'The token itself: keep it in memory, never log it.' }),
    appsecretProof: z.string().openapi({ description: 'Hex HMAC-SHA256 of the token with the app secret; send it with every call.' }),
    profileId: z.uuid(),
    metaUserId: z.string().openapi({ description: 'Meta’s user id of the token’s profile.' }),
    tokenType: z.enum(['user', 'system_user']),
    expiresAt: time.nullable(),
    validForSeconds: z.number().int().openapi({ description: 'Check out again after this long.' }),
  })
  .openapi('Checkout');

const reportAnswer = z
  .strictObject({
    category: z.enum(CATEGORIES),
    retry: z.boolean(),
    delaysMs: z.array(z.number()),
    verifyToken: z.boolean(),
    outcome: z.enum(['valid', 'expired', 'inactive', 'inconclusive', 'not_checked']),
    stale: z.literal(true).optional().openapi({ description: 'The checkout’s token was already replaced: check out again.' }),
  })
  .openapi('GraphErrorVerdict');

const checkoutRecord = z
  .strictObject({
    id: z.uuid(),
    apiKeyId: z.uuid().nullable(),
    apiKeyName: z.string().nullable(),
    profileId: z.uuid().nullable(),
    profileName: z.string().nullable(),
    metaUserId: z.string().openapi({ description: 'Meta’s user id of the profile whose token was handed out.' }),
    assetType: z.enum(['ad_account', 'page', 'pixel', 'catalog']).nullable(),
    assetId: z.uuid().nullable(),
    assetMetaId: z.string().nullable(),
    purpose: z.string(),
    createdAt: time,
    expiresAt: time,
  })
  .openapi('CheckoutRecord');

const newestFirst = cursor('time', 'id');

export const checkoutRouteDefs = {
  checkout: defineRoute({
    method: 'post',
    path: '/api/tokens/checkout',
    tag: 'Token checkout',
    summary: 'Check out a healthy token for an asset or a profile (the broker’s choice), recorded',
    access: { scopes: ['tokens:checkout'], onlyKeys: true },
    body: checkoutBody,
    responses: { 200: { description: 'The token, with `Cache-Control: no-store`.', schema: checkoutAnswer } },
    errors: ['not_found', 'token_unavailable', 'rate_limited'],
  }),
  report: defineRoute({
    method: 'post',
    path: '/api/graph-errors',
    tag: 'Token checkout',
    summary: 'Report what Meta answered: our classification, and our verification on a 190/102',
    description: '`body` and `headers` are Meta’s text as received: a NUL in them is removed and a lone UTF-16 surrogate replaced by U+FFFD (the rest kept), never refused; the other fields are refused like any input.',
    access: { scopes: ['tokens:checkout', 'graph:proxy'], onlyKeys: true },
    body: reportBody,
    // Meta's text, as the caller received it: cleaned of what PostgreSQL cannot store, never refused.
    metaText: ['body', 'headers'],
    responses: { 200: { description: 'The verdict.', schema: reportAnswer } },
    errors: ['not_found', 'checkout_not_found', 'not_a_graph_error'],
  }),
  list: defineRoute({
    method: 'get',
    path: '/api/tokens/checkouts',
    tag: 'Token checkout',
    summary: 'The record of token checkouts, newest first (never the token)',
    access: 'admin',
    query: pageParams.extend({ profileId: z.string().min(1).max(200).optional().openapi({ description: 'Only this profile’s (our id or its Meta user id).' }) }),
    responses: { 200: { description: 'One page.', schema: z.strictObject({ checkouts: z.array(checkoutRecord), nextCursor }) } },
    errors: ['not_found'],
  }),
};

/**
 * Token checkout and error report-back, for the platform's services that call Meta themselves.
 * The token goes only to API keys with the `tokens:checkout` scope, never to a browser session.
 */
export function checkoutRoutes(deps: CheckoutDeps & ReportDeps) {
  return (app: ApiApp) => {
    mount(app, checkoutRouteDefs.checkout, async (c, { auth, body }) => {
      if (auth.kind !== 'api_key') throw new AppError('scope_missing', 'Only API keys may check out tokens.', { scope: 'tokens:checkout' });
      const field = ID_FIELDS.find((name) => body[name] !== undefined)!;
      const target = { [field]: body[field] } as CheckoutTarget;
      const answer = await checkoutToken(deps, { workspaceId: auth.workspaceId, apiKeyId: auth.keyId, target, purpose: body.purpose, receivedAt: c.get('receivedAt') });
      // The one answer that carries a token: never to be kept by anything in between.
      return { status: 200, headers: { 'Cache-Control': 'no-store' }, body: answer };
    });

    mount(app, checkoutRouteDefs.report, async (_c, { auth, body }) => {
      const ref = body.checkoutId !== undefined ? { checkoutId: body.checkoutId } : { profileId: body.profileId as string };
      return { status: 200, body: await reportGraphError(deps, { workspaceId: auth.workspaceId, ref, answer: { status: body.status, headers: body.headers, body: body.body } }) };
    });

    mount(app, checkoutRouteDefs.list, async (_c, { auth: member, query }) => {
      const profileId = query.profileId === undefined ? undefined : await profileIdOf(deps.db, member.workspaceId, query.profileId);
      const rows = await pageCheckouts(deps.db, { workspaceId: member.workspaceId, profileId, after: query.after === undefined ? undefined : newestFirst.decode(query.after), limit: query.limit + 1 });
      const page = pageOf(rows, query.limit, newestFirst, (row) => [row.cursorTime, row.id]);
      return { status: 200, body: { checkouts: page.rows.map(checkoutView), nextCursor: page.nextCursor } };
    });
  };
}
