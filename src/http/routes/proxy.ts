import { z } from '@hono/zod-openapi';
import { AppError } from '../../errors.ts';
import { GraphError } from '../../meta/graph-error.ts';
import { redactValue } from '../../meta/redact.ts';
import type { TokensService } from '../../tokens/service.ts';
import type { GraphClient } from '../../meta/graph-client.ts';
import type { ProfileTokenCache } from '../../tokens/token-cache.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { CATEGORIES } from '../../meta/classify.ts';

export type GraphCall = (token: string) => Promise<unknown>;

/** Runs a call with a token the broker picked for an ad account (the assets area provides it). */
export type AdAccountTokenRunner = (workspaceId: string, adAccountId: string, purpose: 'ads_read' | 'ads_management', call: GraphCall) => Promise<unknown>;

const body = z
  .object({
    profileId: z.string().min(1).max(100).optional().openapi({ description: 'Use this profile’s token (our id or its Meta user id).' }),
    adAccountId: z.string().min(1).max(100).optional().openapi({ description: 'Use the broker’s choice for this ad account (ours, or `act_<n>`/the number).' }),
    method: z.enum(['GET', 'POST', 'DELETE']).default('GET'),
    // A Graph node or edge: no scheme, no host, no traversal, and never the token endpoints,
    // which would let a caller mint or inspect tokens through us.
    path: z
      .string()
      .regex(/^\/?[A-Za-z0-9_.\-/]+$/, 'path must be a Graph path such as /me or /act_123/campaigns')
      .refine((p) => !p.includes('..') && !/^\/?(v\d+\.\d+\/)?(oauth|debug_token|dialog)/.test(p), 'this path is not available through the proxy'),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .refine((value) => Boolean(value.profileId) !== Boolean(value.adAccountId), 'give exactly one of profileId or adAccountId');

const graphError = z.strictObject({
  error: z.strictObject({
    code: z.literal('graph_error'),
    category: z.enum(CATEGORIES),
    graphCode: z.number().nullable(),
    subcode: z.number().nullable(),
    fbtraceId: z.string().nullable(),
    message: z.string(),
  }),
});

export const proxyRouteDef = defineRoute({
  method: 'post',
  path: '/api/graph/proxy',
  tag: 'Graph proxy',
  summary: 'Make a Graph call with the right token (classification, retries, verification on 190/102); tokens in the answer are masked',
  access: { scopes: ['graph:proxy'] },
  body,
  responses: {
    200: { description: 'Meta’s answer, every token in it masked.', schema: z.strictObject({ data: z.unknown() }) },
    502: { description: 'Meta answered with an error (classified).', schema: graphError },
  },
  errors: ['not_found', 'token_unavailable'],
});

/**
 * Meta's answers carry tokens of their own: page tokens in /me/accounts (`access_token`), and
 * the caller's token in every `paging.next` URL. The caller never sees a token: they are masked.
 */
const withoutTokens = (data: unknown): unknown => redactValue(data, []);

/**
 * Other services of the platform call Meta through here: the right token, classification,
 * retries and token-health handling, and they never see the token.
 */
export function proxyRoutes(tokens: TokensService, graph: Pick<GraphClient, 'request'>, profiles: ProfileTokenCache, adAccountRunner?: AdAccountTokenRunner) {
  return (app: ApiApp) => {
    mount(app, proxyRouteDef, async (c, { auth, body: input }) => {
      if ('access_token' in input.params || 'appsecret_proof' in input.params) throw new AppError('invalid_input', 'params must not carry credentials; the proxy adds them');
      const call: GraphCall = (token) =>
        graph.request(input.method, input.path, { accessToken: token, params: input.params as Record<string, string | number | boolean> });
      try {
        if (input.profileId) {
          // The common case makes no database statement: the profile and its sealed token come
          // from the cache the change feed keeps exact; the token is decrypted for this call.
          const profile = await profiles.get(auth.workspaceId, input.profileId, c.get('receivedAt'));
          if (!profile) throw new AppError('not_found', 'Meta profile not found');
          return { status: 200, body: { data: withoutTokens(await tokens.withToken(profile, call)) } };
        }
        if (!adAccountRunner) throw new AppError('invalid_input', 'adAccountId is not supported by this deployment');
        const purpose = input.method === 'GET' ? 'ads_read' : 'ads_management';
        return { status: 200, body: { data: withoutTokens(await adAccountRunner(auth.workspaceId, input.adAccountId as string, purpose, call)) } };
      } catch (error) {
        if (error instanceof GraphError) {
          return {
            status: 502,
            body: {
              error: {
                code: 'graph_error' as const,
                category: error.classification.category,
                graphCode: error.graphCode ?? null,
                subcode: error.subcode ?? null,
                fbtraceId: error.fbtraceId ?? null,
                message: error.graphMessage ?? error.message,
              },
            },
          };
        }
        throw error;
      }
    });
  };
}
