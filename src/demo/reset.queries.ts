import type { Db } from '../db/database.ts';

/** Deletes a demo workspace and, through its foreign keys (on delete cascade), everything in it. */
export async function deleteDemoWorkspace(db: Db, name: string): Promise<number> {
  const result = await db.deleteFrom('workspaces').where('name', '=', name).where('is_demo', '=', true).executeTakeFirst();
  return Number(result.numDeletedRows);
}
