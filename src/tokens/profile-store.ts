import type { Connection, TokenType } from '../db/schema.ts';
import { deleteSecret, replaceSecret, storeSecret } from '../vault/secrets.queries.ts';
import type { Db } from '../db/database.ts';
import type { TokenDeps } from './deps.ts';
import { deleteProfile, insertProfile, replaceProfileToken } from './profile-store.queries.ts';
import { attachPendingInstall, lockBusinessSignals } from './business-installs.queries.ts';
import { findBusinessConnection, findByMetaId, getMetaUser, insertEvent, replaceProfileBusinesses, upsertBusiness, type MetaUser } from './tokens.queries.ts';

export interface VerifiedToken {
  workspaceId: string;
  metaUserId: string;
  name: string;
  email: string | null;
  tokenType: TokenType;
  /** Connect Meta Account (`login`), Connect a business, or a pasted System User token. */
  connection: Connection;
  /** Connect a business: the client business (Meta's id and name). The profile is keyed by it. */
  clientBusiness?: { id: string; name: string };
  token: string;
  expiresAt: Date | null;
  dataAccessExpiresAt: Date | null;
  grantedScopes: string[];
  declinedScopes: string[];
  connectedBy: string | null;
  /** Null when the businesses could not be read (permission declined): the old list stays. */
  businesses: Array<{ id: string; name: string }> | null;
}

/**
 * Stores a token Meta has just vouched for. The same Meta user in the same workspace is one
 * profile: a second connect replaces its token in place (a new token version, the same secret
 * row), which every asset sees at once because assets never hold tokens. A profile that was
 * Expired or Inactive becomes Active and its incident notifications are resolved.
 */
export async function saveVerifiedToken(
  deps: Pick<TokenDeps, 'db' | 'vault' | 'events'>,
  input: VerifiedToken,
  at: Date,
): Promise<{ metaUser: MetaUser; created: boolean; previous: MetaUser | undefined }> {
  return deps.db.transaction().execute(async (trx) => {
    // A business is one profile per workspace whatever its BISU's id (Meta makes a new BISU after
    // an uninstall). The upsert locks the business row, so two connects of it queue up here.
    const business = input.clientBusiness;
    let clientBusinessId: string | null = null;
    if (business) {
      await lockBusinessSignals(trx, business.id);
      clientBusinessId = await upsertBusiness(trx, input.workspaceId, business);
    }
    const previous = clientBusinessId ? await findBusinessConnection(trx, input.workspaceId, clientBusinessId) : await findByMetaId(trx, input.workspaceId, input.metaUserId);
    const stored = { ...input, clientBusinessId };
    let id: string;
    if (previous) {
      await replaceSecret(trx, deps.vault, previous.secretId, input.token);
      await replaceProfileToken(trx, previous, stored, at);
      id = previous.id;
      if (previous.status !== 'active') {
        await insertEvent(trx, id, at, { kind: 'status_changed', oldStatus: previous.status, newStatus: 'active', message: 'Reconnected' });
      }
      await insertEvent(trx, id, at, { kind: 'reconnected', newStatus: 'active', message: `Token replaced; expires ${input.expiresAt?.toISOString() ?? 'never'}` });
    } else {
      const secretId = await storeSecret(trx, deps.vault, input.token);
      id = await insertProfile(trx, { ...stored, secretId }, at);
      await insertEvent(trx, id, at, {
        kind: business ? 'business_connected' : input.tokenType === 'system_user' ? 'system_user_added' : 'connected',
        newStatus: 'active',
        message: business
          ? `Business integration of ${business.name} (${business.id}); expires ${input.expiresAt?.toISOString() ?? 'never'}`
          : input.declinedScopes.length > 0
            ? `Declined: ${input.declinedScopes.join(', ')}`
            : 'All requested permissions granted',
      });
    }
    // Meta's install webhook may have come before this callback: it goes on the timeline now.
    if (business) await attachPendingInstall(trx, business.id, id, at);
    // What Meta's dialog left unticked, at every connect and reconnect: the timeline says which.
    if (input.tokenType === 'user' && input.declinedScopes.length > 0) {
      await insertEvent(trx, id, at, { kind: 'permissions_declined', message: `Declined: ${input.declinedScopes.join(', ')}`, details: { scopes: input.declinedScopes } });
    }
    if (input.businesses) await replaceProfileBusinesses(trx, input.workspaceId, id, input.businesses);
    const metaUser = (await getMetaUser(trx, id)) as MetaUser;
    // A reconnect resolves the profile's open incidents in the same commit (notifications/).
    await deps.events.inTransaction(trx, { type: previous ? 'reconnected' : 'connected', metaUser, at });
    return { metaUser, created: !previous, previous };
  });
}

/** Removes a profile and its sealed token, in one transaction. */
export async function removeProfile(db: Db, profile: Pick<MetaUser, 'id' | 'secretId'>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deleteProfile(trx, profile.id);
    await deleteSecret(trx, profile.secretId);
  });
}
