/**
 * Token checkout, for the platform's services that call Meta themselves (with Meta's SDKs): the
 * broker's choice of token for an asset and a purpose — exactly the proxy's choice: a System User
 * first, then the latest expiry, scopes covering the purpose — handed over with its
 * appsecret_proof, for a bounded time, and recorded (which key, which profile and asset, what
 * for). What the service then sees from Meta comes back through the report path (report.ts), so
 * a 190 anywhere on the platform goes through the same verification.
 *
 * The common case makes two statements, grouped with concurrent checkouts: the take from the
 * key's bucket (the throttle every process shares) and the records. The broker's decision and
 * the sealed token come from memory kept exact by the change feed.
 */
import { randomUUID } from 'node:crypto';
import { scopeCovers, type AssetRef, type Broker, type Purpose } from '../assets/broker.ts';
import type { AssetType } from '../db/schema-assets.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { appsecretProof } from '../meta/appsecret-proof.ts';
import { assertActive, TokenUnavailableError } from '../tokens/token-access.ts';
import type { ProfileTokenCache } from '../tokens/token-cache.ts';
import type { Vault } from '../vault/vault.ts';
import type { CheckoutLog } from './checkout-log.ts';
import { tooManyCheckouts, type KeyThrottle } from './key-throttle.ts';

export type CheckoutTarget = { profileId: string } | AssetRef;

export interface CheckoutDeps {
  vault: Vault;
  clock: Clock;
  broker: Pick<Broker, 'choose'>;
  profiles: ProfileTokenCache;
  log: CheckoutLog;
  throttle: KeyThrottle;
  appSecret: string;
  /** The most a checkout is valid for; a token expiring sooner bounds it. */
  ttlSeconds: number;
}

export interface CheckoutAnswer {
  checkoutId: string;
  accessToken: string;
  appsecretProof: string;
  profileId: string;
  metaUserId: string;
  tokenType: 'user' | 'system_user';
  /** The token's own expiry (null: a System User token that never expires). */
  expiresAt: string | null;
  /** Use it for at most this long, then check out again (a refresh or a reconnect may replace it). */
  validForSeconds: number;
}

export async function checkoutToken(deps: CheckoutDeps, input: { workspaceId: string; apiKeyId: string; target: CheckoutTarget; purpose: Purpose; /** When the request arrived (`ChangeFeed.sync`). */ receivedAt?: number }): Promise<CheckoutAnswer> {
  const now = deps.clock.now();
  const allowed = deps.throttle.take(input.apiKeyId, now);
  if (!allowed.ok) throw tooManyCheckouts(allowed.retryAfterSeconds);

  let profileRef: string;
  let asset: { type: AssetType; id: string } | null = null;
  if ('profileId' in input.target) {
    profileRef = input.target.profileId;
  } else {
    const chosen = await deps.broker.choose(input.workspaceId, input.target, input.purpose);
    profileRef = chosen.candidates[0]!.profileId;
    asset = { type: chosen.asset.type, id: chosen.asset.id };
  }
  const profile = await deps.profiles.get(input.workspaceId, profileRef, input.receivedAt);
  if (!profile) throw new AppError('not_found', 'Meta profile not found');
  const { metaUser } = profile;
  assertActive(metaUser);
  if (!scopeCovers(metaUser.grantedScopes, input.purpose)) {
    throw new TokenUnavailableError('scope_declined', `The token of ${metaUser.name} was not granted ${input.purpose}: grant the missing permission to the profile.`);
  }

  const accessToken = deps.vault.open(profile.sealed, metaUser.secretId);
  const untilExpiry = metaUser.expiresAt ? Math.floor((metaUser.expiresAt.getTime() - now) / 1000) : Number.POSITIVE_INFINITY;
  const validForSeconds = Math.max(0, Math.min(deps.ttlSeconds, untilExpiry));
  const checkoutId = randomUUID();
  await deps.log.write({
    id: checkoutId,
    workspaceId: input.workspaceId,
    apiKeyId: input.apiKeyId,
    profileId: metaUser.id,
    metaUserId: metaUser.metaUserId,
    tokenVersion: metaUser.tokenVersion,
    assetType: asset?.type ?? null,
    assetId: asset?.id ?? null,
    purpose: input.purpose,
    createdAt: new Date(now),
    expiresAt: new Date(now + validForSeconds * 1000),
  });
  return {
    checkoutId,
    accessToken,
    appsecretProof: appsecretProof(accessToken, deps.appSecret),
    profileId: metaUser.id,
    metaUserId: metaUser.metaUserId,
    tokenType: metaUser.tokenType,
    expiresAt: metaUser.expiresAt?.toISOString() ?? null,
    validForSeconds,
  };
}
