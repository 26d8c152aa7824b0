import type { Hono } from 'hono';
import { z } from 'zod';
import { PURPOSES } from '../../assets/broker.ts';
import { checkoutToken, type CheckoutDeps, type CheckoutTarget } from '../../checkout/checkout.ts';
import { pageCheckouts } from '../../checkout/checkouts.queries.ts';
import { checkoutView } from '../../checkout/views.ts';
import { reportGraphError, type ReportDeps } from '../../checkout/report.ts';
import { AppError } from '../../errors.ts';
import { requireAdmin, requireScope } from '../auth.ts';
import type { AppEnv } from '../context.ts';
import { jsonBody, queryParams } from '../validate.ts';

const id = z.string().trim().min(1).max(100);

const checkoutBody = z
  .object({ adAccountId: id.optional(), pageId: id.optional(), pixelId: id.optional(), catalogId: id.optional(), profileId: id.optional(), purpose: z.enum(PURPOSES) })
  .strict()
  .refine((v) => [v.adAccountId, v.pageId, v.pixelId, v.catalogId, v.profileId].filter((x) => x !== undefined).length === 1, 'give exactly one of adAccountId, pageId, pixelId, catalogId or profileId');

const reportBody = z
  .object({
    checkoutId: z.string().uuid().optional(),
    profileId: id.optional(),
    status: z.number().int().min(100).max(599),
    headers: z.record(z.string(), z.string().max(4096)).optional(),
    body: z.unknown(),
  })
  .strict()
  .refine((v) => (v.checkoutId === undefined) !== (v.profileId === undefined), 'give exactly one of checkoutId or profileId');

const PAGE_SIZE = { default: 50, max: 500 };
const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE.max).default(PAGE_SIZE.default),
  after: z.string().min(1).max(512).optional(),
  profileId: z.string().uuid().optional(),
});

const encodeCursor = (row: { createdAt: Date; id: string }) => Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, rowId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof rowId === 'string' && !Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/i.test(rowId)) return { createdAt: new Date(at), id: rowId };
  } catch {
    // falls through to the error below
  }
  throw new AppError('invalid_input', 'after: not a cursor this list returned');
}


/**
 * Token checkout and error report-back, for the platform's services that call Meta themselves.
 * The token goes only to API keys with the `tokens:checkout` scope, never to a browser session.
 */
export function checkoutRoutes(deps: CheckoutDeps & ReportDeps) {
  return (app: Hono<AppEnv>) => {
    app.post('/api/tokens/checkout', async (c) => {
      const auth = requireScope(c, ['tokens:checkout'], { onlyKeys: true });
      if (auth.kind !== 'api_key') throw new AppError('scope_missing', 'Only API keys may check out tokens.', { scope: 'tokens:checkout' });
      const input = await jsonBody(c, checkoutBody);
      const target: CheckoutTarget =
        input.profileId !== undefined
          ? { profileId: input.profileId }
          : input.adAccountId !== undefined
            ? { adAccountId: input.adAccountId }
            : input.pageId !== undefined
              ? { pageId: input.pageId }
              : input.pixelId !== undefined
                ? { pixelId: input.pixelId }
                : { catalogId: input.catalogId as string };
      const answer = await checkoutToken(deps, { workspaceId: auth.workspaceId, apiKeyId: auth.keyId, target, purpose: input.purpose });
      // The one answer that carries a token: never to be kept by anything in between.
      c.header('Cache-Control', 'no-store');
      return c.json(answer);
    });

    app.post('/api/graph-errors', async (c) => {
      const auth = requireScope(c, ['tokens:checkout', 'graph:proxy'], { onlyKeys: true });
      const input = await jsonBody(c, reportBody);
      const ref = input.checkoutId !== undefined ? { checkoutId: input.checkoutId } : { profileId: input.profileId as string };
      return c.json(await reportGraphError(deps, { workspaceId: auth.workspaceId, ref, answer: { status: input.status, headers: input.headers, body: input.body } }));
    });

    app.get('/api/tokens/checkouts', async (c) => {
      const member = requireAdmin(c);
      const query = queryParams(c, listQuery);
      const rows = await pageCheckouts(deps.db, { workspaceId: member.workspaceId, profileId: query.profileId, after: query.after === undefined ? undefined : decodeCursor(query.after), limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return c.json({ checkouts: page.map(checkoutView), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null });
    });
  };
}
