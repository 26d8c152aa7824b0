import type { Db } from '../db/database.ts';

export interface ApiVersionRow {
  servedAs: string | null;
  servedAsAt: Date | null;
  adsRefusedAt: Date | null;
  adsRefusedMessage: string | null;
}

export async function getApiVersionRow(db: Db, appId: string, version: string): Promise<ApiVersionRow | undefined> {
  const row = await db.selectFrom('meta_api_version').selectAll().where('app_id', '=', appId).where('version', '=', version).executeTakeFirst();
  if (!row) return undefined;
  return { servedAs: row.served_as, servedAsAt: row.served_as_at, adsRefusedAt: row.ads_refused_at, adsRefusedMessage: row.ads_refused_message };
}

export async function recordServedAs(db: Db, appId: string, version: string, servedAs: string, at: Date): Promise<void> {
  await db
    .insertInto('meta_api_version')
    .values({ app_id: appId, version, served_as: servedAs, served_as_at: at })
    .onConflict((oc) => oc.columns(['app_id', 'version']).doUpdateSet({ served_as: servedAs, served_as_at: at }))
    .execute();
}

export async function recordAdsRefused(db: Db, appId: string, version: string, message: string, at: Date): Promise<void> {
  await db
    .insertInto('meta_api_version')
    .values({ app_id: appId, version, ads_refused_at: at, ads_refused_message: message })
    .onConflict((oc) => oc.columns(['app_id', 'version']).doUpdateSet({ ads_refused_at: at, ads_refused_message: message }))
    .execute();
}

/** True only for the one call (of every process) that records this notice first: it tells. */
export async function claimNotice(db: Db, appId: string, version: string, notice: string, at: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('meta_api_version_notices')
    .values({ app_id: appId, version, notice, told_at: at })
    .onConflict((oc) => oc.columns(['app_id', 'version', 'notice']).doNothing())
    .returning('notice')
    .executeTakeFirst();
  return inserted !== undefined;
}
