/**
 * Error report-back: a Graph answer another service of the platform received (with a checked-out
 * token, or through its own means for a known profile) goes through exactly what our own calls
 * go through: the same classification, the same verification (`GET /me` with the token, one
 * conditional status change, one notification per incident, the caller's fbtrace_id on the
 * timeline), the usage headers into the same throttle. A report never changes a status by itself:
 * only Meta's answer to our own check does, so a forged or stale report of a 190 for a token Meta
 * still accepts leaves it Active. The answer tells the caller's retry loop what ours would do.
 */
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { classifyGraphFailure, type Category } from '../meta/classify.ts';
import { readGraphError } from '../meta/error-body.ts';
import type { GraphClient } from '../meta/graph-client.ts';
import { GraphError } from '../meta/graph-error.ts';
import type { ProfileTokenCache } from '../tokens/token-cache.ts';
import type { Verifier, VerifyOutcome } from '../tokens/verification.ts';
import { getCheckout } from './checkouts.queries.ts';

export interface ReportedGraphAnswer {
  status: number;
  headers?: Record<string, string> | undefined;
  /** Meta's body as received: `{"error":{…}}`, the error object itself (what SDKs hand over), or text. */
  body: unknown;
}

export type ReportOutcome = 'valid' | 'expired' | 'inactive' | 'inconclusive' | 'not_checked';

export interface ReportAnswer {
  category: Category;
  retry: boolean;
  delaysMs: number[];
  verifyToken: boolean;
  outcome: ReportOutcome;
  /** Set when the report was about a token the profile no longer holds: check out again. */
  stale?: true;
}

export interface ReportDeps {
  db: Db;
  graph: Pick<GraphClient, 'observeUsage'>;
  verifier: Pick<Verifier, 'handleFailure'>;
  profiles: ProfileTokenCache;
}

/** SDKs hand over the error object without its `{"error": …}` envelope; both are Meta's body. */
export function graphBodyOf(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && !('error' in body) && 'code' in body) return { error: body };
  return body;
}

const OUTCOME: Record<VerifyOutcome, ReportOutcome> = {
  valid: 'valid',
  expired: 'expired',
  inactive: 'inactive',
  inconclusive: 'inconclusive',
  // Held while Meta refuses the app: the check runs later, the caller should retry later.
  held: 'inconclusive',
  // The token judged was replaced meanwhile: the caller's token is not ours to judge any more.
  superseded: 'not_checked',
  not_active: 'not_checked',
};

export async function reportGraphError(deps: ReportDeps, input: { workspaceId: string; ref: { checkoutId: string } | { profileId: string }; answer: ReportedGraphAnswer }): Promise<ReportAnswer> {
  const body = graphBodyOf(input.answer.body);
  const fields = readGraphError(body);
  const { status } = input.answer;
  // A server error may come as an HTML page; anything else must be a Graph error body.
  if (fields?.code === undefined && status < 500 && status !== 429) {
    throw new AppError('not_a_graph_error', 'body: not a Graph error (expected Meta\'s {"error":{"code",…}}, or an HTTP 5xx/429 answer).');
  }

  let profileRef: string;
  let tokenVersion: number | undefined;
  let objectId: string | undefined;
  if ('checkoutId' in input.ref) {
    const checkout = await getCheckout(deps.db, input.workspaceId, input.ref.checkoutId);
    if (!checkout) throw new AppError('checkout_not_found', 'No checkout of this workspace has this id.');
    if (!checkout.profileId) throw new AppError('not_found', 'The profile of this checkout was removed.');
    profileRef = checkout.profileId;
    tokenVersion = checkout.tokenVersion;
    objectId = checkout.adAccountMetaId ?? undefined;
  } else {
    profileRef = input.ref.profileId;
  }
  const profile = await deps.profiles.get(input.workspaceId, profileRef);
  if (!profile) throw new AppError('not_found', 'Meta profile not found');

  const headers = input.answer.headers ?? {};
  if (Object.keys(headers).length > 0) deps.graph.observeUsage(headers, objectId);
  const classification = classifyGraphFailure({ status, body, headers, usageObjectId: objectId });
  const decided = { category: classification.category, retry: classification.retry, delaysMs: classification.delaysMs, verifyToken: classification.verifyToken };
  if (tokenVersion !== undefined && tokenVersion !== profile.metaUser.tokenVersion) return { ...decided, outcome: 'not_checked', stale: true };

  const error = new GraphError({ method: 'REPORTED', path: '/(reported)', status, fields, headers, classification, credential: 'user_token' });
  const verified = await deps.verifier.handleFailure(profile.metaUser.id, error);
  return { ...decided, outcome: verified === undefined ? 'not_checked' : OUTCOME[verified] };
}
