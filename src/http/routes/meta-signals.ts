/**
 * What Meta pushes to the app (src/meta-signals/): the Deauthorize Callback URL, the Data
 * Deletion Request URL (and the status page its answer points to), and the Webhooks callback URL
 * with Meta's handshake. Public routes: Meta signs what it sends, and the intake checks it before
 * anything else. The bodies are read here as bytes, under limits above Meta's largest deliveries.
 * And the admins' list of the data deletion requests that reached their workspace.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { LIMITS } from '../../meta-signals/deps.ts';
import type { MetaSignals } from '../../meta-signals/service.ts';
import { notFoundPage, pageLocale, statusPage, wantsJson } from '../../meta-signals/status-page.ts';
import { AppError } from '../../errors.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { cursor, nextCursor, pageOf, pageParams } from '../paging.ts';
import { rawBody } from '../raw-body.ts';
import { time } from '../schemas.ts';

const TAG = 'Meta signals';
const signedRequestForm = z.object({ signed_request: z.string().openapi({ description: '`<signature>.<payload>`, base64url: HMAC-SHA256 of the payload with the app secret.' }) });
const deletedCounts = z.record(z.string(), z.number().int()).openapi({ description: 'What was deleted, by kind: profiles, tokens, timelineEvents, notifications, emails, assetPermissions, checkouts, webhookDeliveries, metaSignals.' });
const deletionStatus = z.enum(['pending', 'completed']);

export const metaSignalRouteDefs = {
  deauthorize: defineRoute({
    method: 'post',
    path: '/connect/meta/deauthorize',
    tag: TAG,
    summary: 'Meta’s deauthorize callback: the person removed the app; their profiles’ tokens are checked at once',
    description: `Form \`signed_request\` (at most ${LIMITS.callbackBytes / 1024} KiB). Stored, then a check of every Active profile of that Meta user, in every workspace, is queued before the answer; \`GET /me\` decides. A delivery Meta repeats is stored once.`,
    access: 'public',
    body: signedRequestForm,
    bodyMediaType: 'application/x-www-form-urlencoded',
    rawBody: true,
    responses: { 200: { description: 'Received.', schema: z.strictObject({ received: z.literal(true), duplicate: z.boolean() }) } },
    errors: ['signed_request_invalid', 'signal_expired'],
  }),
  dataDeletion: defineRoute({
    method: 'post',
    path: '/connect/meta/data-deletion',
    tag: TAG,
    summary: 'Meta’s data deletion request callback: everything held about the person is deleted by a job',
    description: `Form \`signed_request\` (at most ${LIMITS.callbackBytes / 1024} KiB). Answers the URL of the request’s status page and its confirmation code, as Meta expects. A delivery Meta repeats gets the same code.`,
    access: 'public',
    body: signedRequestForm,
    bodyMediaType: 'application/x-www-form-urlencoded',
    rawBody: true,
    responses: { 200: { description: 'The request is recorded.', schema: z.strictObject({ url: z.string(), confirmation_code: z.string() }) } },
    errors: ['signed_request_invalid', 'signal_expired'],
  }),
  deletionStatus: defineRoute({
    method: 'get',
    path: '/connect/meta/data-deletion/{code}',
    tag: TAG,
    summary: 'The status of a data deletion request, for the person who made it (no sign-in: the code is the key)',
    description: 'An HTML page in the visitor’s language (Italian or English, by `Accept-Language`); with `Accept: application/json` this JSON. An unknown code is 404 (a short page, or the JSON error).',
    access: 'public',
    params: z.object({ code: z.string().openapi({ description: 'The confirmation code Meta was given.' }) }),
    responses: {
      200: {
        description: 'The request.',
        schema: z.strictObject({ status: deletionStatus, requestedAt: time, completedAt: time.nullable(), deleted: deletedCounts }),
      },
    },
    errors: ['not_found'],
  }),
  handshake: defineRoute({
    method: 'get',
    path: '/connect/meta/webhooks',
    tag: TAG,
    summary: 'Meta’s verification of the webhooks callback URL: the challenge back, for our verify token only',
    access: 'public',
    query: z.object({ 'hub.mode': z.string().max(100).optional(), 'hub.verify_token': z.string().max(1000).optional(), 'hub.challenge': z.string().max(1000).optional() }),
    responses: { 200: { description: '`hub.challenge`, as text.', contentType: 'text/plain' } },
    errors: ['verify_token_invalid'],
  }),
  webhook: defineRoute({
    method: 'post',
    path: '/connect/meta/webhooks',
    tag: TAG,
    summary: 'Meta’s webhooks (the `permissions` object): checked, stored whole, answered; a job processes them',
    description: `JSON signed with \`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>\` (at most ${LIMITS.webhookBytes / (1024 * 1024)} MiB: Meta sends up to 1,000 changes). No Graph call is made before the answer.`,
    access: 'public',
    body: z.object({ object: z.string(), entry: z.array(z.object({}).passthrough()) }),
    rawBody: true,
    responses: { 200: { description: 'Received.', schema: z.strictObject({ received: z.literal(true), duplicate: z.boolean() }) } },
    errors: ['signature_missing', 'signature_invalid', 'invalid_json', 'signal_expired'],
  }),
  deletions: defineRoute({
    method: 'get',
    path: '/api/meta-signals/data-deletions',
    tag: TAG,
    summary: 'The data deletion requests that reached this workspace, newest first',
    access: 'admin',
    query: pageParams,
    responses: {
      200: {
        description: 'One page.',
        schema: z.strictObject({
          requests: z.array(z.strictObject({ code: z.string(), status: deletionStatus, requestedAt: time, completedAt: time.nullable(), deleted: deletedCounts.openapi({ description: 'What it deleted in this workspace.' }) })),
          nextCursor,
        }),
      },
    },
  }),
};

const newestFirst = cursor('time', 'text');
// Codes are 24 base64url characters; anything else is unknown without asking the database.
const CODE = /^[A-Za-z0-9_-]{16,64}$/;

export function metaSignalRoutes(signals: MetaSignals) {
  /** The raw body under the limit; one above it is refused (413) and counted. */
  const body = async (c: Context, kind: 'deauthorize' | 'data_deletion' | 'webhook', maxBytes: number) => {
    try {
      return await rawBody(c, maxBytes);
    } catch (error) {
      if (error instanceof AppError && error.code === 'payload_too_large') signals.tooLarge(kind);
      throw error;
    }
  };
  return (app: ApiApp) => {
    mount(app, metaSignalRouteDefs.deauthorize, async (c) => {
      const outcome = await signals.receiveDeauthorize(await body(c, 'deauthorize', LIMITS.callbackBytes), c.req.header('content-type'));
      return { status: 200, body: { received: true, duplicate: outcome.duplicate } };
    });

    mount(app, metaSignalRouteDefs.dataDeletion, async (c) => {
      const outcome = await signals.receiveDataDeletion(await body(c, 'data_deletion', LIMITS.callbackBytes), c.req.header('content-type'));
      return { status: 200, body: { url: outcome.url, confirmation_code: outcome.confirmationCode } };
    });

    mount(app, metaSignalRouteDefs.deletionStatus, async (c, { params }) => {
      const json = wantsJson(c.req.header('accept'));
      const status = CODE.test(params.code) ? await signals.deletionStatus(params.code) : undefined;
      // The code is the key to this page: it is not sent on as a Referer, and no cache keeps it.
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      c.header('Vary', 'Accept, Accept-Language');
      if (json) {
        if (!status) throw new AppError('not_found', 'No data deletion request has this code.');
        return { status: 200, body: status };
      }
      const locale = pageLocale(c.req.header('accept-language'));
      c.header('Content-Language', locale);
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
      return { raw: status ? c.html(statusPage(locale, params.code, status), 200) : c.html(notFoundPage(locale), 404) };
    });

    mount(app, metaSignalRouteDefs.handshake, async (c, { query }) => {
      const challenge = signals.handshake({ mode: query['hub.mode'], verifyToken: query['hub.verify_token'], challenge: query['hub.challenge'] });
      return { raw: c.text(challenge, 200) };
    });

    mount(app, metaSignalRouteDefs.webhook, async (c) => {
      const outcome = await signals.receiveWebhook(await body(c, 'webhook', LIMITS.webhookBytes), c.req.header('x-hub-signature-256'));
      return { status: 200, body: { received: true, duplicate: outcome.duplicate } };
    });

    mount(app, metaSignalRouteDefs.deletions, async (_c, { auth: member, query }) => {
      const rows = await signals.pageDeletions(member.workspaceId, { after: query.after === undefined ? undefined : newestFirst.decode(query.after), limit: query.limit + 1 });
      const page = pageOf(rows, query.limit, newestFirst, (row) => [row.cursorTime, row.code]);
      return {
        status: 200,
        body: {
          requests: page.rows.map((row) => ({ code: row.code, status: row.status, requestedAt: row.requestedAt.toISOString(), completedAt: row.completedAt?.toISOString() ?? null, deleted: row.deleted })),
          nextCursor: page.nextCursor,
        },
      };
    });
  };
}
