import { adAccountImpactOf, type AdAccountImpact } from '../assets/impact.queries.ts';
import type { Db } from '../db/database.ts';
import type { MetaUser } from '../tokens/tokens.queries.ts';
import { toViews, type MetaUserView } from '../tokens/views.ts';

/**
 * The API's profile, as every route answers it: the token lifecycle's view, and for a profile
 * that is not Active what its broken token stops (the assets area's count of the ad accounts it
 * reached, and of those no other healthy token may read). Read for the broken profiles of the
 * answer only, in one query.
 */
export async function profileViews(db: Db, metaUsers: MetaUser[]): Promise<Array<MetaUserView & { impact: AdAccountImpact | null }>> {
  const broken = metaUsers.filter((m) => m.status !== 'active').map((m) => m.id);
  const [views, impact] = await Promise.all([toViews(db, metaUsers), adAccountImpactOf(db, broken)]);
  return views.map((view) => ({ ...view, impact: view.status === 'active' ? null : (impact.get(view.id) ?? { adAccounts: 0, uncovered: 0 }) }));
}
