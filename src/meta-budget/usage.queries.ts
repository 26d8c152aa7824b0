import { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { SharedFigure } from '../meta/usage.ts';

/** Keeps a figure unless a newer one is already there (processes race, the latest learnt wins). */
export async function saveFigure(db: Db, figure: SharedFigure): Promise<void> {
  const values = {
    key: figure.key,
    kind: figure.kind,
    object_id: figure.kind === 'app' ? null : figure.objectId,
    figures: JSON.stringify(figure.figures),
    updated_at: new Date(figure.updatedAt),
  };
  await db
    .insertInto('meta_usage')
    .values(values)
    .onConflict((oc) => oc.column('key').doUpdateSet({ figures: values.figures, updated_at: values.updated_at }).where('meta_usage.updated_at', '<', values.updated_at))
    .execute();
}

/** Figures learnt since `since` (older ones are past Meta's hour and mean nothing). */
export async function freshFigures(db: Db, since: Date, key?: string): Promise<SharedFigure[]> {
  let query = db.selectFrom('meta_usage').selectAll().where('updated_at', '>', since);
  if (key !== undefined) query = query.where('key', '=', key);
  const rows = await query.execute();
  return rows.flatMap((row) => {
    const figure = parseFigure({ kind: row.kind, key: row.key, objectId: row.object_id ?? undefined, figures: row.figures, updatedAt: row.updated_at.getTime() });
    return figure ? [figure] : [];
  });
}

const n = z.number().finite();
const app = z.object({ callCount: n, totalCputime: n, totalTime: n });
const figure = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('app'), key: z.literal('app'), figures: app, updatedAt: n }),
  z.object({ kind: z.literal('business'), key: z.string(), objectId: z.string(), figures: app.extend({ type: z.string(), estimatedTimeToRegainAccessMinutes: n }), updatedAt: n }),
  z.object({ kind: z.literal('ad_account'), key: z.string(), objectId: z.string(), figures: z.object({ accIdUtilPct: n, resetTimeDurationSeconds: n }), updatedAt: n }),
]);

/** A stored row as a figure; a row that is not one (hand-edited, an older shape) is ignored, not trusted. */
function parseFigure(value: unknown): SharedFigure | undefined {
  const parsed = figure.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
