/**
 * Processing a stored delivery: what it asks of the service, as jobs. A deauthorize callback
 * queues the token checks of the person's profiles; a data deletion callback queues the deletion;
 * a webhook goes to its object's handler (objects.ts). Processing is idempotent: a delivery may be
 * processed twice (a processor died before marking it), and doing so changes nothing twice.
 */
import { LIMITS, type SignalsDeps } from './deps.ts';
import { readEnvelope, type WebhookEnvelope } from './envelope.ts';
import { DATA_DELETION_JOB } from './data-deletion.ts';
import { claimPending, knownPeople, markProcessed, markProcessedMany, type StoredSignal } from './meta-signals.queries.ts';
import { OBJECT_HANDLERS, type BatchContext } from './objects.ts';
import { add, changeCounts, merge, type Outcome } from './outcome.ts';
import { queueRemovalChecks } from './removal.ts';
import { forAnotherApp, storedCallbackPayload } from './callback-payload.ts';

export async function processSignal(deps: SignalsDeps, signal: StoredSignal, context: BatchContext = {}): Promise<Outcome> {
  const outcome: Outcome = {};
  switch (signal.kind) {
    case 'deauthorize': {
      if (forAnotherApp(storedCallbackPayload(signal.body), deps.app.appId)) add(outcome, 'other_app');
      else if (!signal.meta_user_id) add(outcome, 'malformed');
      else {
        const queued = await queueRemovalChecks(deps, [signal.meta_user_id]);
        add(outcome, queued > 0 ? 'removal' : 'unknown_person');
        add(outcome, 'verifications', queued);
      }
      return outcome;
    }
    case 'data_deletion': {
      // The request was recorded with the delivery; the job finds it by the delivery.
      await deps.queue().send(DATA_DELETION_JOB, { signalId: signal.id });
      add(outcome, 'data_deletion');
      return outcome;
    }
    case 'webhook': {
      const envelope = context.envelopes?.get(signal.id) ?? envelopeOf(signal);
      // The intake refused what is not an envelope; a body emptied by retention has nothing left to do.
      if (typeof envelope === 'string') return { malformed: 1 };
      const handler = OBJECT_HANDLERS[envelope.object];
      if (!handler) return { unknown_object: envelope.entries.reduce((n, entry) => n + Math.max(1, entry.changes.length), 0) };
      return merge(outcome, await handler.handle(deps, envelope.entries, context));
    }
  }
}

function envelopeOf(signal: StoredSignal): ReturnType<typeof readEnvelope> {
  try {
    return readEnvelope(JSON.parse(signal.body));
  } catch {
    return 'not JSON';
  }
}

/** Processes one delivery and marks it done, counting what it found. */
export async function processAndMark(deps: SignalsDeps, signal: StoredSignal): Promise<Outcome> {
  const outcome = await processSignal(deps, signal);
  await markProcessed(deps.db, signal.id, new Date(deps.clock.now()), outcome as Record<string, number>);
  deps.metrics.changes(signal.kind, changeCounts(outcome));
  return outcome;
}

const BATCH = 50;

/**
 * Processes a batch of deliveries this process holds (claimed, or stored already leased to it)
 * and marks those done in one statement. `envelopes`: the webhooks' envelopes when the intake
 * parsed them already (the bodies are then not read again). A delivery that fails is logged and
 * left to its lease running out (then it is taken again, up to MAX_ATTEMPTS).
 */
export async function processBatch(deps: SignalsDeps, batch: readonly StoredSignal[], parsed?: ReadonlyMap<string, WebhookEnvelope>): Promise<{ processed: number; failed: number }> {
  let processed = 0;
  let failed = 0;
  // The people the batch's webhooks name, looked up once for all of them.
  const envelopes = new Map(batch.filter((signal) => signal.kind === 'webhook').map((signal) => [signal.id, parsed?.get(signal.id) ?? envelopeOf(signal)] as const));
  const people = [...envelopes.values()].flatMap((envelope) => (typeof envelope === 'string' ? [] : envelope.entries.flatMap((entry) => (entry.person ? [entry.person] : []))));
  const context: BatchContext = { known: await knownPeople(deps.db, people), envelopes };
  const done: Array<{ id: string; outcome: Record<string, number> }> = [];
  for (const signal of batch) {
    try {
      const outcome = await processSignal(deps, signal, context);
      done.push({ id: signal.id, outcome: outcome as Record<string, number> });
      deps.metrics.changes(signal.kind, changeCounts(outcome));
      processed += 1;
    } catch (error) {
      failed += 1;
      deps.logger.error({ err: error, signal: signal.id, kind: signal.kind, attempt: signal.attempts }, "processing one of Meta's deliveries failed; it is taken again later");
    }
  }
  await markProcessedMany(deps.db, done, new Date(deps.clock.now()));
  return { processed, failed };
}

/** Works through every stored delivery nobody holds, oldest first, a batch at a time, until none is left. */
export async function processPending(deps: SignalsDeps): Promise<{ processed: number; failed: number }> {
  let processed = 0;
  let failed = 0;
  for (;;) {
    const now = deps.clock.now();
    const batch = await claimPending(deps.db, new Date(now), new Date(now + LIMITS.leaseMs), BATCH);
    if (batch.length === 0) return { processed, failed };
    const result = await processBatch(deps, batch);
    processed += result.processed;
    failed += result.failed;
    if (batch.length < BATCH) return { processed, failed };
  }
}
