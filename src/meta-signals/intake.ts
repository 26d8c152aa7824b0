/**
 * The intake of what Meta pushes: it does the least before answering. A callback's
 * `signed_request` or a webhook's `X-Hub-Signature-256` is checked; a delivery that does not
 * hold is refused (4xx, the JSON error body) and nothing is stored. One that holds is stored as
 * it came, in one statement (webhooks arriving together share it: signal-writer.ts); the same
 * delivery again (Meta retries when it missed our 200) is stored once. Then:
 *
 * - deauthorize: the token checks of the person's profiles are queued before the answer (no
 *   Graph call is made here: the check is a job, and it alone changes a status);
 * - data deletion: the request and its confirmation code are stored with the delivery, the job
 *   queued, and Meta gets `{"url","confirmation_code"}`;
 * - webhook: answered 200 at once. Processed by this process from the envelope it parsed, the row
 *   stored leased to it (local-processing.ts); when this process holds too many already, stored
 *   without a lease and the processing job is sent.
 *
 * A callback whose inline work fails is still answered 200 (it is stored): the minute sweep
 * processes it. A delivery issued too long ago (a replay) is refused, `signal_expired`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.ts';
import { LIMITS, type SignalsDeps } from './deps.ts';
import { metaIdOf } from '../meta/meta-id.ts';
import { metaTime, readEnvelope } from './envelope.ts';
import { verifyHubSignature } from './hub-signature.ts';
import { deletionCodeOfDelivery, insertDeletionRequest, insertSignal, type NewSignal, type StoredSignal } from './meta-signals.queries.ts';
import type { LocalProcessing } from './local-processing.ts';
import type { IntakeKind } from './metrics.ts';
import { processAndMark } from './process.ts';
import { verifySignedRequest, type SignedRequestFailure } from './signed-request.ts';
import { newConfirmationCode } from './data-deletion.ts';
import type { SignalWriter } from './signal-writer.ts';

export interface IntakeDeps extends SignalsDeps {
  /** Asks for the stored webhooks to be processed (a job; calls in a burst share one). */
  kick(): void;
  /** Stores a webhook delivery (deliveries arriving together share the statement). */
  writer: SignalWriter;
  /** This process's own processing of the webhooks it stores, when it does (local-processing.ts). */
  local?: LocalProcessing;
}

const FAILURE_WORDS: Record<SignedRequestFailure, string> = {
  malformed: 'signed_request is not <signature>.<payload> in base64url',
  bad_signature: 'signed_request is not signed with this app’s secret',
  bad_payload: 'the payload of signed_request is not a JSON object',
  wrong_algorithm: 'the payload of signed_request does not name the algorithm HMAC-SHA256',
};

const dedupeKey = (kind: string, content: string | Uint8Array) => createHash('sha256').update(`${kind}\n`).update(content).digest('hex');

/** Counts the refusal and throws it: the route answers with the code's status and the JSON error body. */
function refuse(deps: SignalsDeps, kind: IntakeKind, outcome: Parameters<SignalsDeps['metrics']['intake']>[1], code: string, message: string): never {
  deps.metrics.intake(kind, outcome);
  throw new AppError(code, message);
}

/** A time Meta stamped must be inside the window a delivery is accepted in (older: a replay). */
function assertFresh(deps: SignalsDeps, kind: IntakeKind, issued: Date): void {
  const now = deps.clock.now();
  if (issued.getTime() < now - LIMITS.acceptedAgeMs || issued.getTime() > now + LIMITS.acceptedAheadMs) {
    refuse(deps, kind, 'expired', 'signal_expired', `This delivery was issued at ${issued.toISOString()}, outside the ${LIMITS.acceptedAgeMs / 3_600_000} hours a delivery is accepted in: it is refused as a replay.`);
  }
}

/** The form field `signed_request` (Meta posts a form; a JSON body with the same field is read too). */
function signedRequestOf(deps: SignalsDeps, kind: IntakeKind, raw: Buffer, contentType: string | undefined): string {
  const text = raw.toString('utf8');
  let value: unknown;
  if ((contentType ?? '').toLowerCase().includes('application/json')) {
    try {
      value = (JSON.parse(text) as { signed_request?: unknown } | null)?.signed_request;
    } catch {
      value = undefined;
    }
  } else {
    value = new URLSearchParams(text).get('signed_request') ?? undefined;
  }
  if (typeof value !== 'string' || value === '') refuse(deps, kind, 'malformed', 'signed_request_invalid', 'The body has no signed_request field.');
  return value;
}

interface VerifiedCallback {
  signal: NewSignal;
}

function verifyCallback(deps: SignalsDeps, kind: 'deauthorize' | 'data_deletion', raw: Buffer, contentType: string | undefined): VerifiedCallback {
  const signedRequest = signedRequestOf(deps, kind, raw, contentType);
  const verified = verifySignedRequest(signedRequest, deps.app.appSecret);
  if (!verified.ok) refuse(deps, kind, verified.reason === 'bad_signature' ? 'signature_invalid' : 'malformed', 'signed_request_invalid', FAILURE_WORDS[verified.reason]);
  const person = metaIdOf(verified.payload.user_id);
  if (!person) refuse(deps, kind, 'malformed', 'signed_request_invalid', 'The payload of signed_request names no user_id.');
  const issuedAt = metaTime(verified.payload.issued_at);
  if (issuedAt) assertFresh(deps, kind, issuedAt);
  const now = deps.clock.now();
  return {
    signal: {
      kind,
      dedupeKey: dedupeKey(kind, signedRequest),
      // The form as Meta would have sent it, whatever the content type: processing reads it so.
      body: new URLSearchParams({ signed_request: signedRequest }).toString(),
      metaUserId: person,
      issuedAt,
      receivedAt: new Date(now),
      claimedUntil: new Date(now + LIMITS.leaseMs),
    },
  };
}

/** `POST /connect/meta/deauthorize`: stored, the person's token checks queued, answered. */
export async function receiveDeauthorize(deps: IntakeDeps, raw: Buffer, contentType: string | undefined): Promise<{ duplicate: boolean }> {
  const { signal } = verifyCallback(deps, 'deauthorize', raw, contentType);
  const stored = await insertSignal(deps.db, signal);
  if (!stored) {
    deps.metrics.intake('deauthorize', 'duplicate');
    return { duplicate: true };
  }
  deps.metrics.intake('deauthorize', 'accepted');
  await processInline(deps, { ...stored, signal });
  return { duplicate: false };
}

/** `POST /connect/meta/data-deletion`: the request recorded with its code, the deletion queued, the code answered. */
export async function receiveDataDeletion(deps: IntakeDeps, raw: Buffer, contentType: string | undefined): Promise<{ url: string; confirmationCode: string; duplicate: boolean }> {
  const { signal } = verifyCallback(deps, 'data_deletion', raw, contentType);
  const code = newConfirmationCode();
  const stored = await insertDeletionRequest(deps.db, signal, code);
  let answered = code;
  if (stored) {
    deps.metrics.intake('data_deletion', 'accepted');
    await processInline(deps, { ...stored, signal });
  } else {
    // Meta sent it again: the same request, the same code.
    answered = (await deletionCodeOfDelivery(deps.db, signal.dedupeKey)) ?? code;
    deps.metrics.intake('data_deletion', 'duplicate');
  }
  return { url: `${deps.publicUrl}/connect/meta/data-deletion/${answered}`, confirmationCode: answered, duplicate: !stored };
}

async function processInline(deps: IntakeDeps, stored: { id: string; signal: NewSignal }): Promise<void> {
  const { signal } = stored;
  try {
    await processAndMark(deps, storedSignalOf(stored.id, signal, signal.body));
  } catch (error) {
    deps.logger.error({ err: error, signal: stored.id, kind: signal.kind }, "a callback from Meta is stored but its work could not be queued now; the sweep does it when its lease ends");
  }
}

/** `POST /connect/meta/webhooks`: checked against `X-Hub-Signature-256` over the raw bytes, stored whole, answered. */
export async function receiveWebhook(deps: IntakeDeps, raw: Buffer, signatureHeader: string | undefined): Promise<{ duplicate: boolean }> {
  const signature = verifyHubSignature(raw, signatureHeader, deps.app.appSecret);
  if (!signature.ok) {
    if (signature.reason === 'missing') refuse(deps, 'webhook', 'signature_missing', 'signature_missing', 'X-Hub-Signature-256 is missing.');
    refuse(deps, 'webhook', 'signature_invalid', 'signature_invalid', 'X-Hub-Signature-256 does not match the body (signed with this app’s secret).');
  }
  const text = raw.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    refuse(deps, 'webhook', 'malformed', 'invalid_json', 'The body is not valid JSON.');
  }
  const envelope = readEnvelope(parsed);
  if (typeof envelope === 'string') refuse(deps, 'webhook', 'malformed', 'invalid_input', envelope);
  // A delivery every entry of which is dated outside the window is a replay.
  const times = envelope.entries.map((entry) => entry.time);
  if (times.length > 0 && times.every((time) => time !== null)) {
    const newest = new Date(Math.max(...times.map((time) => (time as Date).getTime())));
    assertFresh(deps, 'webhook', newest);
  }
  // Processed here from the parsed envelope when this process has room (stored leased to it), else by the job.
  const local = deps.local?.reserve(raw.length) ? deps.local : undefined;
  const receivedAt = new Date(deps.clock.now());
  const signal: NewSignal = { kind: 'webhook', dedupeKey: dedupeKey('webhook', raw), body: text, metaUserId: null, issuedAt: null, receivedAt, claimedUntil: local ? new Date(receivedAt.getTime() + LIMITS.localLeaseMs) : null };
  let id: string | undefined;
  try {
    id = await deps.writer.write(signal);
  } catch (error) {
    local?.release(raw.length);
    throw error;
  }
  deps.metrics.intake('webhook', id ? 'accepted' : 'duplicate');
  // The body is not needed with the envelope, and not held in memory twice.
  if (local) {
    if (id) local.hand(storedSignalOf(id, signal, ''), envelope, raw.length);
    else local.release(raw.length);
  } else if (id) deps.kick();
  return { duplicate: !id };
}

/** The row as the INSERT wrote it, leased to this process (one attempt). */
function storedSignalOf(id: string, signal: NewSignal, body: string): StoredSignal {
  return {
    id,
    kind: signal.kind,
    dedupe_key: signal.dedupeKey,
    body,
    meta_user_id: signal.metaUserId,
    issued_at: signal.issuedAt,
    received_at: signal.receivedAt,
    claimed_until: signal.claimedUntil,
    attempts: 1,
    processed_at: null,
    outcome: null,
  };
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * `GET /connect/meta/webhooks?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`: Meta checks
 * the URL before subscribing it. The challenge goes back only to the verify token we set
 * (compared in constant time); anything else is refused, and so is every handshake while no
 * token is configured.
 */
export function handshake(deps: SignalsDeps, query: { mode?: string | undefined; verifyToken?: string | undefined; challenge?: string | undefined }): string {
  const expected = deps.verifyToken;
  const matches = expected !== undefined && query.verifyToken !== undefined && timingSafeEqual(digest(query.verifyToken), digest(expected));
  if (query.mode !== 'subscribe' || !matches || query.challenge === undefined || query.challenge === '') {
    refuse(deps, 'handshake', 'refused', 'verify_token_invalid', expected === undefined ? 'No webhook verify token is configured (META_WEBHOOK_VERIFY_TOKEN).' : 'hub.mode must be subscribe, with the verify token this service was given and a hub.challenge.');
  }
  deps.metrics.intake('handshake', 'verified');
  return query.challenge;
}
