/**
 * The `application` webhook object: what a client business did with the app in Business
 * Settings → Integrations → Connected apps (Facebook Login for Business). Each change names the
 * business (`value.business_manager_id`); the service finds its business connections by it (the
 * BISU's id changes with each install, the business's does not). As every signal, it proves who
 * sent it, not that it is true: an uninstall queues the same token check as a failing call (only
 * Meta's answer to `GET /me` changes a status, then with the cause "removed from the business's
 * connected apps"); an update queues the connection's permission sync (which reads what is shared
 * from Meta); an install goes on the timeline.
 */
import type { QueuedJob } from '../jobs/queue.ts';
import { lockBusinessSignals, recordPendingInstall } from '../tokens/business-installs.queries.ts';
import { insertEvent } from '../tokens/tokens.queries.ts';
import { businessConnectionsOf } from './application.queries.ts';
import type { SignalsDeps } from './deps.ts';
import type { WebhookEntry } from './envelope.ts';
import type { ObjectHandler } from './objects.ts';
import { add, type Outcome } from './outcome.ts';
import { REMOVAL_CHECK_JOB } from './removal.ts';
import { metaIdOf } from '../meta/meta-id.ts';

/** A business connection's permission sync, now (the job is in jobs.ts). */
export const BUSINESS_SYNC_JOB = 'meta-business-sync';

/** The fields of the `application` object the service subscribes to. */
export const APPLICATION_FIELDS: readonly string[] = ['business_integration_install', 'business_integration_uninstall', 'business_integration_update'];

// A business or configuration id: digits only (it goes into a query and a timeline message).
const idOf = (value: unknown): string | undefined => {
  const id = metaIdOf(value);
  return id !== undefined && /^\d{1,30}$/.test(id) ? id : undefined;
};
const field = (value: unknown, name: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined);

export const applicationObject: ObjectHandler = {
  async handle(deps: SignalsDeps, entries: readonly WebhookEntry[]): Promise<Outcome> {
    const outcome: Outcome = {};
    const checks: QueuedJob[] = [];
    const syncs: QueuedJob[] = [];
    const removed: string[] = [];
    for (const entry of entries) {
      for (const change of entry.changes) {
        // The entry's id is the app's: another app's changes are not ours to act on.
        if (entry.id && entry.id !== deps.app.appId) {
          add(outcome, 'other_app');
          continue;
        }
        if (!APPLICATION_FIELDS.includes(change.field)) {
          add(outcome, 'unknown_field');
          continue;
        }
        const businessId = idOf(field(change.value, 'business_manager_id'));
        if (!businessId) {
          add(outcome, 'malformed');
          continue;
        }
        // The timeline says when we learned it (Meta's own time orders nothing here).
        const at = new Date(deps.clock.now());
        const kind = change.field.slice('business_integration_'.length) as 'install' | 'uninstall' | 'update';
        const connections = await deps.db.transaction().execute(async (trx) => {
          // The connect storing this business's profile and this change take turns (business-installs.queries.ts).
          await lockBusinessSignals(trx, businessId);
          const found = await businessConnectionsOf(trx, businessId);
          if (found.length === 0 && kind === 'install') {
            const configId = idOf(field(change.value, 'tp_config_id')) ?? null;
            await recordPendingInstall(trx, { metaBusinessId: businessId, at, configId });
          }
          for (const connection of found) await insertEvent(trx, connection.id, at, timelineEvent(kind, businessId, change.value));
          return found;
        });
        add(outcome, `business_${kind}`);
        if (connections.length === 0 && kind !== 'install') add(outcome, 'unknown_business');
        const active = connections.filter((c) => c.status === 'active');
        if (kind === 'uninstall') {
          for (const c of active) checks.push({ data: { profileId: c.id, cause: 'business_removed' } });
          removed.push(...active.map((c) => c.id));
        }
        if (kind === 'update') for (const c of active) syncs.push({ data: { profileId: c.id }, singletonKey: `business-sync:${c.id}` });
      }
    }
    if (checks.length > 0) {
      await deps.queue().insert(REMOVAL_CHECK_JOB, checks);
      // Queued first: if this process dies, the jobs do it.
      deps.checkNow?.(removed, 'business_removed');
      add(outcome, 'verifications', checks.length);
    }
    if (syncs.length > 0) {
      await deps.queue().insert(BUSINESS_SYNC_JOB, syncs);
      add(outcome, 'businessSyncs', syncs.length);
    }
    return outcome;
  },
};

function timelineEvent(kind: 'install' | 'uninstall' | 'update', businessId: string, value: unknown) {
  switch (kind) {
    case 'install': {
      const configId = idOf(field(value, 'tp_config_id'));
      return { kind: 'business_installed' as const, message: `Meta: the app was installed in business ${businessId}${configId ? ` (configuration ${configId})` : ''}` };
    }
    case 'uninstall':
      return { kind: 'business_uninstalled' as const, message: `Meta: business ${businessId} removed the app from its connected apps; checking the token` };
    case 'update':
      return { kind: 'business_updated' as const, message: `Meta: business ${businessId} changed what it shares with the app; syncing its assets` };
  }
}
