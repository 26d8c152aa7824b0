/**
 * Meta's data deletion request: the person asked Meta that the app delete their data. The
 * intake records the request with a random confirmation code (the key of its public status page)
 * and answers Meta at once; this job deletes, in every workspace, everything the service holds
 * about the person (deletePersonData: tokens and sealed secrets, profile, name and email, grants,
 * permissions, timeline, checkout records, notifications and alert emails about them, our webhook
 * deliveries naming them, Meta's deliveries naming them), and tells each workspace's admins.
 * The businesses' own data stays: it belongs to the business, not to the person.
 *
 * Safe to run twice: the request is locked and done in one transaction, and a done request is
 * left alone. The minute sweep runs any request still pending (a job lost with its process).
 */
import { randomBytes } from 'node:crypto';
import { listWorkspaceMembers } from '../accounts/accounts.queries.ts';
import { insertNotifications } from '../notifications/notifications.queries.ts';
import type { SignalsDeps } from './deps.ts';
import { completeDeletion, deletePersonData, emptyCounts, forgetPersonSignals, getDeletion, lockDeletion, recordDeletionInWorkspace, type DeletedCounts } from './data-deletion.queries.ts';
import { deletionOfSignal, signalBody } from './meta-signals.queries.ts';
import { forAnotherApp, storedCallbackPayload } from './callback-payload.ts';

export const DATA_DELETION_JOB = 'meta-data-deletion';
export const DELETED_NOTIFICATION = 'profile_deleted_on_request';

/** 18 random bytes: 24 URL-safe characters, 144 bits nobody can guess. */
export const newConfirmationCode = (): string => randomBytes(18).toString('base64url');

/** What the code's status page and its JSON say. */
export interface DeletionStatus {
  status: 'pending' | 'completed';
  requestedAt: string;
  completedAt: string | null;
  deleted: Partial<DeletedCounts>;
}

export async function deletionStatus(deps: Pick<SignalsDeps, 'db'>, code: string): Promise<DeletionStatus | undefined> {
  const row = await getDeletion(deps.db, code);
  if (!row) return undefined;
  return { status: row.status, requestedAt: row.requested_at.toISOString(), completedAt: row.completed_at?.toISOString() ?? null, deleted: row.deleted };
}

const total = (parts: Iterable<DeletedCounts>): DeletedCounts => {
  const sum = emptyCounts();
  for (const part of parts) for (const key of Object.keys(sum) as Array<keyof DeletedCounts>) sum[key] += part[key];
  return sum;
};

export type DeletionRun = 'completed' | 'already_completed' | 'not_found';

/** Carries out one request (by its code, or by the delivery that made it). */
export async function runDeletion(deps: SignalsDeps, ref: { code?: string | undefined; signalId?: string | undefined }): Promise<DeletionRun> {
  const code = ref.code ?? (ref.signalId ? await deletionOfSignal(deps.db, ref.signalId) : undefined);
  if (!code) return 'not_found';
  const at = new Date(deps.clock.now());
  const result = await deps.db.transaction().execute(async (trx) => {
    const request = await lockDeletion(trx, code);
    if (!request) return { run: 'not_found' as const };
    if (request.status === 'completed') return { run: 'already_completed' as const };
    const payload = storedCallbackPayload((await signalBody(trx, request.signal_id)) ?? '');
    if (!request.meta_user_id || forAnotherApp(payload, deps.app.appId)) {
      // Nothing of ours is about this request's person: done, with nothing deleted.
      await completeDeletion(trx, code, at, emptyCounts());
      return { run: 'completed' as const, workspaces: 0, deleted: emptyCounts() };
    }
    const byWorkspace = await deletePersonData(trx, request.meta_user_id);
    const deleted = total(byWorkspace.values());
    deleted.metaSignals = await forgetPersonSignals(trx, request.meta_user_id);
    for (const [workspaceId, counts] of byWorkspace) {
      await recordDeletionInWorkspace(trx, code, workspaceId, counts);
      const admins = await listWorkspaceMembers(trx, workspaceId, 'admin');
      // The person's name went with the rest: the notice names the request, not the person.
      await insertNotifications(
        trx,
        admins.map((admin) => admin.id),
        { workspaceId, profileId: null, type: DELETED_NOTIFICATION, dedupeKey: `data_deletion:${code}`, params: { code, deleted: counts } },
        at,
      );
    }
    await completeDeletion(trx, code, at, deleted);
    return { run: 'completed' as const, workspaces: byWorkspace.size, deleted };
  });
  if (result.run === 'completed') {
    // Neither the person (no Meta id, no name: the log outlives the deletion) nor the code (the
    // key to their status page).
    deps.logger.info({ workspaces: result.workspaces, profiles: result.deleted.profiles }, "data deletion request carried out (Meta's data deletion callback)");
  }
  return result.run;
}
