import type { Db } from '../db/database.ts';

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

export async function listOutbox(db: Db, workspaceId: string, limit: number): Promise<OutboxMail[]> {
  const rows = await db.selectFrom('mail_outbox').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
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
  }));
}
