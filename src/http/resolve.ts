/**
 * Path and body ids to the caller's rows: ours or Meta's (src/ids.ts), always within the
 * caller's workspace. Another workspace's id, and what is no id at all, are 404 `not_found`:
 * a caller cannot tell "not yours" from "does not exist".
 */
import type { AssetType } from '../db/schema-assets.ts';
import type { Db } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { parseId, parseOurId } from '../ids.ts';
import { resolveAsset, type AssetIdentity } from '../assets/reach.queries.ts';
import { findWorkspaceProfile, type MetaUser } from '../tokens/tokens.queries.ts';

const LABEL: Record<AssetType, string> = { ad_account: 'Ad account', page: 'Page', pixel: 'Pixel', catalog: 'Catalog' };

export async function profileOf(db: Db, workspaceId: string, raw: string): Promise<MetaUser> {
  const ref = parseId(raw, 'profile');
  const found = ref ? await findWorkspaceProfile(db, workspaceId, ref) : undefined;
  if (!found) throw notFound('Meta profile');
  return found;
}

/** Our id of a profile named by either id (for filters); 404 when the workspace has none. */
export async function profileIdOf(db: Db, workspaceId: string, raw: string): Promise<string> {
  return (await profileOf(db, workspaceId, raw)).id;
}

export async function assetOf(db: Db, workspaceId: string, type: AssetType, raw: string): Promise<AssetIdentity> {
  const found = await resolveAsset(db, workspaceId, type, raw);
  if (!found) throw notFound(LABEL[type]);
  return found;
}

/** For objects only we have ids for (notifications, webhooks): anything but a UUID cannot exist. */
export function ourIdOf(raw: string, what: string): string {
  const id = parseOurId(raw);
  if (!id) throw notFound(what);
  return id;
}
