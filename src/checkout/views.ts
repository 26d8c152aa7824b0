import type { CheckoutListRow } from './checkouts.queries.ts';

/** A checkout as the API and the CLI show it: never the token. */
export const checkoutView = (row: CheckoutListRow) => ({
  id: row.id,
  apiKeyId: row.apiKeyId,
  apiKeyName: row.apiKeyName,
  profileId: row.profileId,
  profileName: row.profileName,
  metaUserId: row.metaUserId,
  assetType: row.assetType,
  assetId: row.assetId,
  assetMetaId: row.assetMetaId,
  purpose: row.purpose,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
});
