/**
 * The `permissions` webhook object: a person disconnected from the app (field `connected`) or
 * granted or revoked one permission (a field per permission, value `{"verb","target_ids"?}`).
 * Nothing here changes a profile: leaving queues the same token check as the deauthorize
 * callback, and a permission change queues a check of the person's permissions with Meta
 * (`GET /me/permissions`, permission-check.ts), which alone changes them.
 *
 * A change older than one already recorded for that person and permission (the entry's `time`)
 * is stale and queues nothing; the same change again queues its check again, which finds nothing
 * to change. People the service does not know are counted, never stored anywhere else.
 */
import { REQUESTED_SCOPES } from '../tokens/scopes.ts';
import type { QueuedJob } from '../jobs/queue.ts';
import type { WebhookEntry } from './envelope.ts';
import type { SignalsDeps } from './deps.ts';
import { activeProfilesOf, knownPeople, recordPermissionChange, type ProfileOfPerson } from './meta-signals.queries.ts';
import type { BatchContext, ObjectHandler } from './objects.ts';
import { add, type Outcome } from './outcome.ts';
import { queueRemovalChecks } from './removal.ts';

export const PERMISSION_CHECK_JOB = 'meta-permission-check';

/** The permissions the app asks for are the fields it subscribes to, besides `connected`. */
const PERMISSIONS: ReadonlySet<string> = new Set(REQUESTED_SCOPES);

const verbOf = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  const verb = typeof value === 'object' && value !== null ? (value as { verb?: unknown }).verb : undefined;
  return typeof verb === 'string' ? verb : undefined;
};

/**
 * Assumption (docs/emulator.md): Meta does not document the value of `connected`. The emulator
 * sends `{"verb":"revoked"}` when the person removes the app; `deauthorized`, `removed` and a
 * bare `false` are read as leaving too, `granted` and `true` as (still) connected.
 */
function leaves(value: unknown): boolean | undefined {
  if (value === false) return true;
  if (value === true) return false;
  const verb = verbOf(value);
  if (verb === 'revoked' || verb === 'deauthorized' || verb === 'removed') return true;
  if (verb === 'granted') return false;
  return undefined;
}

export const permissionsObject: ObjectHandler = {
  async handle(deps: SignalsDeps, entries: readonly WebhookEntry[], context: BatchContext): Promise<Outcome> {
    const outcome: Outcome = {};
    const people = entries.flatMap((entry) => (entry.person ? [entry.person] : []));
    const known = context.known ?? (await knownPeople(deps.db, people));
    let active: Map<string, ProfileOfPerson[]> | undefined;
    const activeOf = async (person: string) => {
      if (!active) {
        active = new Map();
        for (const profile of await activeProfilesOf(deps.db, [...known])) active.set(profile.metaUserId, [...(active.get(profile.metaUserId) ?? []), profile]);
      }
      return active.get(person) ?? [];
    };
    const leaving = new Set<string>();
    const checks: QueuedJob[] = [];
    for (const entry of entries) {
      for (const change of entry.changes) {
        const person = entry.person;
        if (!person) {
          add(outcome, 'malformed');
          continue;
        }
        if (!known.has(person)) {
          add(outcome, 'unknown_person');
          continue;
        }
        if (change.field === 'connected') {
          const left = leaves(change.value);
          if (left === true) leaving.add(person);
          add(outcome, left === true ? 'removal' : left === false ? 'connected' : 'malformed');
          continue;
        }
        if (!PERMISSIONS.has(change.field)) {
          add(outcome, 'unknown_field');
          continue;
        }
        const verb = verbOf(change.value);
        if (verb !== 'granted' && verb !== 'revoked') {
          add(outcome, 'malformed');
          continue;
        }
        // An entry without a time is ordered by when it is processed.
        const changedAt = entry.time ?? new Date(deps.clock.now());
        const recorded = await recordPermissionChange(deps.db, { metaUserId: person, permission: change.field, changedAt, verb });
        if (recorded === 'older') {
          add(outcome, 'stale');
          continue;
        }
        add(outcome, recorded === 'recorded' ? 'permission' : 'duplicate');
        for (const profile of await activeOf(person)) {
          checks.push({ data: { profileId: profile.id, permission: change.field, verb, time: changedAt.toISOString() } });
        }
      }
    }
    if (leaving.size > 0) add(outcome, 'verifications', await queueRemovalChecks(deps, [...leaving]));
    if (checks.length > 0) {
      await deps.queue().insert(PERMISSION_CHECK_JOB, checks);
      add(outcome, 'permissionChecks', checks.length);
    }
    return outcome;
  },
};
