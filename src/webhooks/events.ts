import type { WebhookEventType } from '../db/schema-webhooks.ts';
import type { AppHealthState } from '../meta-app/app-health.queries.ts';
import type { ApiVersionNotice } from '../meta-app/api-version.ts';
import type { TokenEvent } from '../tokens/deps.ts';

export const WEBHOOK_EVENTS = ['token.expired', 'token.inactive', 'token.refreshed', 'token.reconnected', 'token.refresh_not_extended', 'app.unhealthy', 'app.recovered', 'app.api_version'] as const satisfies readonly WebhookEventType[];

/** The webhook event a token event becomes, if any (a first connect is not one). */
export function webhookEventFor(event: TokenEvent): WebhookEventType | undefined {
  switch (event.type) {
    case 'status_changed':
      if (event.to === 'expired') return 'token.expired';
      if (event.to === 'inactive') return 'token.inactive';
      return undefined;
    case 'refreshed':
      return 'token.refreshed';
    case 'reconnected':
      return 'token.reconnected';
    case 'refresh_not_extended':
      return 'token.refresh_not_extended';
    default:
      return undefined;
  }
}

/**
 * The JSON body of one delivery. Fields are picked one by one: the profile's token (and the id
 * of its encrypted secret) never appear, whatever is added to MetaUser later.
 */
export function webhookBody(input: { deliveryId: string; eventId: string; type: WebhookEventType; at: Date; event: TokenEvent }): string {
  const m = input.event.metaUser;
  return JSON.stringify({
    id: input.deliveryId,
    eventId: input.eventId,
    type: input.type,
    createdAt: input.at.toISOString(),
    workspaceId: m.workspaceId,
    data: {
      metaUser: {
        id: m.id,
        metaId: m.metaUserId,
        name: m.name,
        tokenType: m.tokenType,
        status: m.status,
        expiresAt: m.expiresAt?.toISOString() ?? null,
        dataAccessExpiresAt: m.dataAccessExpiresAt?.toISOString() ?? null,
        needsReconnect: m.needsReconnect,
        lastError: m.lastError ? { code: m.lastError.code, subcode: m.lastError.subcode, message: m.lastError.message, at: m.lastError.at } : null,
        statusChangedAt: m.statusChangedAt.toISOString(),
        lastRefreshedAt: m.lastRefreshedAt?.toISOString() ?? null,
      },
    },
  });
}

/**
 * The body of a Meta app health event (deployment-wide: every workspace subscribed gets it, each
 * with its own workspaceId). Never the app secret.
 */
export function appWebhookBody(input: { deliveryId: string; eventId: string; type: 'app.unhealthy' | 'app.recovered'; at: Date; workspaceId: string; state: AppHealthState }): string {
  const s = input.state;
  return JSON.stringify({
    id: input.deliveryId,
    eventId: input.eventId,
    type: input.type,
    createdAt: input.at.toISOString(),
    workspaceId: input.workspaceId,
    data: {
      app: {
        id: s.appId,
        healthy: s.healthy,
        reason: s.healthy ? null : s.reason,
        code: s.healthy ? null : s.code,
        message: s.healthy ? null : s.message,
        fbtraceId: s.healthy ? null : s.fbtraceId,
        since: s.changedAt.toISOString(),
      },
    },
  });
}

/**
 * The body of an API version notice (deployment-wide, like the app health events): the version
 * nears its end (`ending`, with the threshold), Meta served another version (`served_as`), or Meta
 * refused an Ads call on it (`ads_refused`, with the version Meta names).
 */
export function apiVersionWebhookBody(input: { deliveryId: string; eventId: string; at: Date; workspaceId: string; appId: string; notice: ApiVersionNotice }): string {
  const n = input.notice;
  return JSON.stringify({
    id: input.deliveryId,
    eventId: input.eventId,
    type: 'app.api_version',
    createdAt: input.at.toISOString(),
    workspaceId: input.workspaceId,
    data: {
      app: { id: input.appId },
      notice: { kind: n.kind, thresholdDays: n.kind === 'ending' ? n.thresholdDays : null, newest: n.kind === 'ads_refused' ? n.newest : null },
      apiVersion: n.status,
    },
  });
}
