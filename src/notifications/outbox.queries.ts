import type { Db } from '../db/database.ts';
import { olderThan, timeKey } from '../db/keyset.queries.ts';

export interface OutboxMail {
  id: string;
  deliveryId: string | null;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  transport: 'outbox' | 'smtp';
  createdAt: string;
}

/** One row per delivery: a retried send does not write a second copy. */
export async function insertOutboxMail(
  db: Db,
  mail: { deliveryId: string; workspaceId: string; to: string; from: string; subject: string; text: string; html: string; transport: 'outbox' | 'smtp'; at: Date },
): Promise<void> {
  await db
    .insertInto('mail_outbox')
    .values({
      workspace_id: mail.workspaceId,
      delivery_id: mail.deliveryId,
      to_address: mail.to,
      from_address: mail.from,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      transport: mail.transport,
      created_at: mail.at,
    })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .execute();
}

/** The workspace's mail, newest first, a page at a time (`cursorTime` keys the next). */
export async function pageOutbox(db: Db, workspaceId: string, filter: { after?: readonly [string, string] | undefined; limit: number }): Promise<Array<OutboxMail & { cursorTime: string }>> {
  let query = db.selectFrom('mail_outbox').selectAll().select(timeKey('created_at').as('created_key')).where('workspace_id', '=', workspaceId);
  if (filter.after) query = query.where(olderThan('created_at', 'id', filter.after));
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    deliveryId: row.delivery_id,
    to: row.to_address,
    from: row.from_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    transport: row.transport,
    createdAt: row.created_at.toISOString(),
    cursorTime: row.created_key,
  }));
}
