import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { insertEvent } from './tokens.queries.ts';

/**
 * Serialises, per client business, the connect that stores its profile and the processing of
 * Meta's `application` webhooks about it (a transaction-scoped advisory lock): an install webhook
 * processed while the connect commits is either seen by the connect or sees its profile.
 */
export async function lockBusinessSignals(trx: Db, metaBusinessId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`wevion-business:${metaBusinessId}`}))`.execute(trx);
}

/** An install webhook for a business with no profile yet: kept until the connect that follows. */
export async function recordPendingInstall(trx: Db, input: { metaBusinessId: string; at: Date; configId: string | null }): Promise<void> {
  await trx
    .insertInto('business_installs_pending')
    .values({ meta_business_id: input.metaBusinessId, installed_at: input.at, config_id: input.configId })
    .onConflict((oc) => oc.column('meta_business_id').doUpdateSet({ installed_at: input.at, config_id: input.configId }))
    .execute();
}

// An install older than this is not the one of the connect being stored (the dialog's code lives
// 10 minutes; Meta retries a webhook for up to 36 hours): it is dropped, not attached.
const PENDING_FOR_MS = 48 * 3_600_000;

/** Drops the installs no connect followed within the window (the hourly retention of Meta's deliveries calls it). */
export async function prunePendingInstalls(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('business_installs_pending')
    .where('installed_at', '<', new Date(now.getTime() - PENDING_FOR_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Puts a waiting install of the business on the profile's timeline (at Meta's time), once. */
export async function attachPendingInstall(trx: Db, metaBusinessId: string, profileId: string, now: Date): Promise<void> {
  const row = await trx.deleteFrom('business_installs_pending').where('meta_business_id', '=', metaBusinessId).returning(['installed_at', 'config_id']).executeTakeFirst();
  if (!row || now.getTime() - row.installed_at.getTime() > PENDING_FOR_MS) return;
  await insertEvent(trx, profileId, row.installed_at, {
    kind: 'business_installed',
    message: `Meta: the app was installed in business ${metaBusinessId}${row.config_id ? ` (configuration ${row.config_id})` : ''}`,
  });
}
