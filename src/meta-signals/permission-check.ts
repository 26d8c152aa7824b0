/**
 * A permission change Meta signalled, confirmed before anything changes: the profile's token asks
 * Meta `GET /me/permissions`. Only when Meta's answer backs the change (a revoked permission no
 * longer granted, a granted one granted) does the profile take Meta's answer as its granted and
 * declined permissions, with a line on its timeline; the gates follow at once (a revoked
 * `ads_management` blocks campaign actions: the broker reads the granted scopes), so does the
 * missing-permission notice (the declined ones), and the profile's permission sync runs now.
 * A well-signed change that Meta's answer does not back changes nothing.
 */
import { GraphError } from '../meta/graph-error.ts';
import type { GraphClient } from '../meta/graph-client.ts';
import type { Verifier } from '../tokens/verification.ts';
import { REQUESTED_SCOPES } from '../tokens/scopes.ts';
import { TokenUnavailableError, withToken } from '../tokens/token-access.ts';
import { getMetaUser, insertEvent } from '../tokens/tokens.queries.ts';
import type { Vault } from '../vault/vault.ts';
import type { SignalsDeps } from './deps.ts';
import { applyPermissions, latestPermissionChange } from './meta-signals.queries.ts';
import type { CheckOutcome } from './metrics.ts';

export interface PermissionCheckDeps extends SignalsDeps {
  vault: Vault;
  graph: GraphClient;
  verifier: Verifier;
  /** The assets area's discovery and permission sync of one profile, now. */
  syncProfile(profileId: string): Promise<unknown>;
}

export interface PermissionCheck {
  profileId: string;
  permission: string;
  verb: 'granted' | 'revoked';
  /** Meta's time of the change (ISO). */
  time: string;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

export async function checkPermission(deps: PermissionCheckDeps, job: PermissionCheck): Promise<CheckOutcome> {
  const outcome = await decide(deps, job);
  deps.metrics.check(outcome);
  return outcome;
}

async function decide(deps: PermissionCheckDeps, job: PermissionCheck): Promise<CheckOutcome> {
  const profile = await getMetaUser(deps.db, job.profileId);
  if (!profile || profile.status !== 'active') return 'not_active';
  // A newer change of this permission was recorded since: its own check decides.
  const latest = await latestPermissionChange(deps.db, profile.metaUserId, job.permission);
  if (latest && latest.changedAt.getTime() > Date.parse(job.time)) return 'superseded';
  let read;
  try {
    // Through withToken: a 190 here starts the token's own check, as on any call.
    read = await withToken(deps, job.profileId, async (token, metaUser) => ({ entries: await deps.graph.permissions(token), tokenVersion: metaUser.tokenVersion }));
  } catch (error) {
    if (error instanceof TokenUnavailableError) return 'not_active';
    // Meta throttled or away: pg-boss tries again. Anything else is no answer: nothing changes.
    if (error instanceof GraphError && error.classification.retry) throw error;
    if (error instanceof GraphError) {
      deps.logger.warn({ metaUser: job.profileId, category: error.classification.category, permission: job.permission }, 'permission change not confirmed: Meta did not answer /me/permissions');
      return 'inconclusive';
    }
    throw error;
  }
  const granted = read.entries.filter((entry) => entry.status === 'granted').map((entry) => entry.permission);
  const backed = job.verb === 'revoked' ? !granted.includes(job.permission) : granted.includes(job.permission);
  if (!backed) {
    deps.logger.warn({ metaUser: job.profileId, permission: job.permission, verb: job.verb }, "a signalled permission change that Meta's /me/permissions does not back: nothing changes");
    return 'not_backed';
  }
  const declined = REQUESTED_SCOPES.filter((scope) => !granted.includes(scope));
  if (sameSet(granted, profile.grantedScopes) && sameSet(declined, profile.declinedScopes)) return 'unchanged';
  const at = new Date(deps.clock.now());
  const applied = await deps.db.transaction().execute(async (trx) => {
    // Conditional on the token read: a reconnect meanwhile brought its own permissions.
    if (!(await applyPermissions(trx, { profileId: job.profileId, tokenVersion: read.tokenVersion, granted, declined: [...declined], at }))) return false;
    await insertEvent(trx, job.profileId, at, { kind: 'permissions_changed', message: `${job.permission} ${job.verb} on Meta (confirmed by /me/permissions)${declined.length > 0 ? `; declined: ${declined.join(', ')}` : ''}` });
    return true;
  });
  if (!applied) return 'superseded';
  deps.logger.info({ metaUser: job.profileId, permission: job.permission, verb: job.verb }, 'permission change confirmed by Meta and applied');
  try {
    await deps.syncProfile(job.profileId);
  } catch (error) {
    // The permissions are right already; the twice-daily sync catches up with the assets.
    deps.logger.error({ err: error, metaUser: job.profileId }, 'permission sync after a permission change failed');
  }
  return 'applied';
}
