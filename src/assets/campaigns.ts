/**
 * Campaign actions, gated by token health: pausing or resuming needs a healthy token that may
 * manage the ad account (`ads_management`), picked by the broker. `assertCanManage` is the same
 * gate for anything else that changes an account (new launches, edits).
 */
import { AppError } from '../errors.ts';
import { GraphError } from '../meta/graph-error.ts';
import type { Broker } from './broker.ts';
import { parseId } from '../ids.ts';
import { getCampaign, setCampaignStatusRow, type CampaignRow } from './data.queries.ts';
import { resolveAsset } from './reach.queries.ts';
import type { AssetsDeps } from './types.ts';

export type CampaignStatusChange = 'PAUSED' | 'ACTIVE';

/** A Graph failure of an action, as an expected error with a stable code (never a 500). */
function asAppError(error: GraphError): AppError {
  const details = { category: error.classification.category, graphCode: error.graphCode ?? null, fbtraceId: error.fbtraceId ?? null };
  const category = error.classification.category;
  if (category === 'rate_limited') return new AppError('rate_limited', 'Meta is throttling calls for this account; try again in a few minutes.', details);
  if (category === 'transient' || category === 'server_error') return new AppError('meta_unavailable', 'Meta did not answer; try again shortly.', details);
  // The deployment's API version, not this account or token: the operators are told (meta-app/api-version.ts).
  if (category === 'api_version_refused') return new AppError('meta_version_refused', 'Meta refused the API version this service calls (code 2635). Nothing was changed; the operators have been told and must move to a version Meta serves.', details);
  return new AppError('meta_rejected', error.graphMessage ?? 'Meta refused the change.', details);
}

/** Campaign actions and launches, gated by token health. */
export type CampaignActions = ReturnType<typeof createCampaignActions>;

export function createCampaignActions(deps: Pick<AssetsDeps, 'db' | 'graph' | 'clock'>, broker: Broker) {
  async function assertCanManage(workspaceId: string, adAccountId: string): Promise<void> {
    await broker.check(workspaceId, { adAccountId }, 'ads_management');
  }

  /** The account and the campaign by our ids or Meta's. */
  async function setStatus(workspaceId: string, adAccountId: string, campaignId: string, status: CampaignStatusChange): Promise<CampaignRow> {
    const account = await resolveAsset(deps.db, workspaceId, 'ad_account', adAccountId);
    if (!account) throw new AppError('not_found', 'Ad account not found');
    const ref = parseId(campaignId, 'campaign');
    const campaign = ref ? await getCampaign(deps.db, account.id, ref) : undefined;
    if (!campaign) throw new AppError('not_found', 'Campaign not found');
    try {
      await broker.withAssetToken(workspaceId, { adAccountId: account.id }, 'ads_management', (token) => deps.graph.setCampaignStatus(token, campaign.metaId, status));
    } catch (error) {
      if (error instanceof GraphError) throw asAppError(error);
      throw error;
    }
    return setCampaignStatusRow(deps.db, campaign.id, status, new Date(deps.clock.now()));
  }

  return { assertCanManage, setStatus };
}
