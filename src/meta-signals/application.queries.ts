import type { Db } from '../db/database.ts';
import type { TokenStatus } from '../db/schema.ts';

export interface BusinessConnection {
  id: string;
  workspaceId: string;
  status: TokenStatus;
}

/** The business connections of a client business (Meta's id), in every workspace, any status. */
export async function businessConnectionsOf(db: Db, metaBusinessId: string): Promise<BusinessConnection[]> {
  const rows = await db
    .selectFrom('meta_users')
    .innerJoin('businesses', 'businesses.id', 'meta_users.client_business_id')
    .select(['meta_users.id', 'meta_users.workspace_id', 'meta_users.status'])
    .where('meta_users.connection', '=', 'business')
    .where('businesses.meta_business_id', '=', metaBusinessId)
    .execute();
  return rows.map((row) => ({ id: row.id, workspaceId: row.workspace_id, status: row.status }));
}
