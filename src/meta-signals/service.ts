/**
 * Meta tells us first (issue 26): the deauthorize and data deletion callbacks and Meta's
 * `permissions` webhooks, as the composition root wires them. Inbound from Meta, so an area of
 * its own, never beside webhooks/ (what we send). A signal proves who sent it, not that it is
 * still true: it only queues the checks that ask Meta (`GET /me`, `GET /me/permissions`).
 */
import type { Registry } from 'prom-client';
import type { JobDefinition } from '../jobs/definition.ts';
import { GraphError } from '../meta/graph-error.ts';
import { deletionStatus, type DeletionStatus } from './data-deletion.ts';
import { pageWorkspaceDeletions, type WorkspaceDeletion } from './data-deletion.queries.ts';
import { handshake, receiveDataDeletion, receiveDeauthorize, receiveWebhook } from './intake.ts';
import { createKicker, signalJobs } from './jobs.ts';
import { countUnprocessed, lastArrivals } from './meta-signals.queries.ts';
import { signalMetrics } from './metrics.ts';
import { eagerRemovalChecks, eagerRunner } from './eager.ts';
import { processPending } from './process.ts';
import { createSignalWriter } from './signal-writer.ts';
import { createLocalProcessing } from './local-processing.ts';
import type { PermissionCheckDeps } from './permission-check.ts';
import { judgeSubscription, readSubscriptions, signalUrls, subscribeApp, type MetaSubscription, type SubscriptionJudgement } from './subscription.ts';

export interface MetaSignalsDeps extends Omit<PermissionCheckDeps, 'metrics'> {
  registry?: Registry;
  /**
   * The base URL Meta reaches this service at: PUBLIC_URL, or in demo mode the loopback address
   * the service listens on (the local emulator delivers there). Read when used: it may be known
   * only once the server listens.
   */
  baseUrl(): string;
  /**
   * Default true: removal checks and the processing of stored webhooks also start in this process
   * at once (eager.ts), not only through their jobs, and the webhooks it receives are processed
   * from memory (local-processing.ts). Tests that run the jobs themselves turn it off.
   */
  eager?: boolean;
}

export interface SignalsDescription {
  /** The three URLs to enter in Meta's App Dashboard. */
  urls: { deauthorize: string; dataDeletion: string; webhooks: string };
  verifyTokenSet: boolean;
  /** Meta's subscription compared with what it should be; `unknown` when Meta could not be asked. */
  subscription: (Omit<SubscriptionJudgement, 'state'> & { state: SubscriptionJudgement['state'] | 'unknown'; reason: string | null; checkedAt: string }) | null;
  lastDeauthorizeAt: string | null;
  lastDataDeletionAt: string | null;
  lastWebhookAt: string | null;
  unprocessed: number;
}

export interface MetaSignals {
  jobs: JobDefinition<never, unknown>[];
  receiveDeauthorize(raw: Buffer, contentType: string | undefined): Promise<{ duplicate: boolean }>;
  receiveDataDeletion(raw: Buffer, contentType: string | undefined): Promise<{ url: string; confirmationCode: string; duplicate: boolean }>;
  receiveWebhook(raw: Buffer, signatureHeader: string | undefined): Promise<{ duplicate: boolean }>;
  handshake(query: { mode?: string | undefined; verifyToken?: string | undefined; challenge?: string | undefined }): string;
  /** Counts a delivery refused for its size before the intake saw it (the route reads the body). */
  tooLarge(kind: 'deauthorize' | 'data_deletion' | 'webhook'): void;
  deletionStatus(code: string): Promise<DeletionStatus | undefined>;
  pageDeletions(workspaceId: string, filter: { after?: readonly [string, string] | undefined; limit: number }): Promise<WorkspaceDeletion[]>;
  /** `wevion meta subscribe` and the demo: subscribes the app, then returns what Meta holds. */
  subscribe(): Promise<MetaSubscription[]>;
  /** For `GET /api/meta-app`: the subscription (asked of Meta at most every few minutes) and the last arrivals. */
  describe(options?: { fresh?: boolean }): Promise<SignalsDescription>;
  close(): Promise<void>;
}

// The admin banner polls /api/meta-app: Meta is asked about the subscription at most this often.
const SUBSCRIPTION_CHECK_TTL_MS = 5 * 60_000;

export function createMetaSignals(input: MetaSignalsDeps): MetaSignals {
  const metrics = signalMetrics(input.registry, () => countUnprocessed(input.db));
  const eager = input.eager !== false;
  const deps: PermissionCheckDeps = { ...input, metrics, ...(eager ? { checkNow: eagerRemovalChecks(input) } : {}) };
  const kicker = createKicker(deps);
  const processing = eagerRunner(() => processPending(deps), input.logger);
  const kick = () => {
    if (eager) processing.run();
    kicker.kick();
  };
  const local = eager ? createLocalProcessing(deps) : undefined;
  const intake = { ...deps, kick, writer: createSignalWriter(input.db), ...(local ? { local } : {}) };
  let checked: { at: number; value: NonNullable<SignalsDescription['subscription']> } | undefined;

  async function checkSubscription(fresh: boolean): Promise<NonNullable<SignalsDescription['subscription']>> {
    if (!fresh && checked && Date.now() - checked.at < SUBSCRIPTION_CHECK_TTL_MS) return checked.value;
    const expectedUrl = signalUrls(input.baseUrl()).webhooks;
    const checkedAt = new Date(input.clock.now()).toISOString();
    let value: NonNullable<SignalsDescription['subscription']>;
    try {
      value = { ...judgeSubscription(await readSubscriptions(input.graph, input.app), expectedUrl), reason: null, checkedAt };
    } catch (error) {
      const reason = error instanceof GraphError ? (error.graphMessage ?? error.classification.reason) : 'Meta could not be asked';
      value = { state: 'unknown', expectedUrl, callbackUrl: null, missingFields: [], reason, checkedAt };
    }
    checked = { at: Date.now(), value };
    return value;
  }

  return {
    jobs: signalJobs(deps),
    receiveDeauthorize: (raw, contentType) => receiveDeauthorize(intake, raw, contentType),
    receiveDataDeletion: (raw, contentType) => receiveDataDeletion(intake, raw, contentType),
    receiveWebhook: (raw, header) => receiveWebhook(intake, raw, header),
    handshake: (query) => handshake(deps, query),
    tooLarge: (kind) => metrics.intake(kind, 'too_large'),
    deletionStatus: (code) => deletionStatus(deps, code),
    pageDeletions: (workspaceId, filter) => pageWorkspaceDeletions(input.db, workspaceId, filter),
    async subscribe() {
      if (!input.verifyToken) throw new Error('META_WEBHOOK_VERIFY_TOKEN is not set: Meta verifies the webhook URL with it');
      await subscribeApp(input.graph, input.app, { callbackUrl: signalUrls(input.baseUrl()).webhooks, verifyToken: input.verifyToken });
      checked = undefined;
      return readSubscriptions(input.graph, input.app);
    },
    async describe(options = {}) {
      const [arrivals, unprocessed, subscription] = await Promise.all([lastArrivals(input.db), countUnprocessed(input.db), checkSubscription(options.fresh === true)]);
      return {
        urls: signalUrls(input.baseUrl()),
        verifyTokenSet: input.verifyToken !== undefined,
        subscription,
        lastDeauthorizeAt: arrivals.deauthorize?.toISOString() ?? null,
        lastDataDeletionAt: arrivals.data_deletion?.toISOString() ?? null,
        lastWebhookAt: arrivals.webhook?.toISOString() ?? null,
        unprocessed,
      };
    },
    async close() {
      kicker.close();
      await local?.close();
      await processing.close();
    },
  };
}
