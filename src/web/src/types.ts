/** The API's shapes, as the contract fixes them (see the issue and MISSION.md). */
export type Locale = 'it' | 'en';

export interface Member {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  locale: Locale;
}

export interface Session {
  member: Member;
  demoMode: boolean;
}

export interface PublicInfo {
  demoMode: boolean;
  demoEmail?: string;
  demoPassword?: string;
}

export type TokenStatus = 'active' | 'inactive' | 'expired';

export interface MetaUser {
  id: string;
  metaUserId: string;
  name: string;
  tokenType: 'user' | 'system_user';
  status: TokenStatus;
  expiresAt: string | null;
  dataAccessExpiresAt: string | null;
  /** `metaId` is the Business Manager's id on Meta (the service's own id is `id`). */
  businesses: Array<{ id: string; metaId?: string; name: string }>;
  grantedScopes: string[];
  declinedScopes: string[];
  needsReconnect: boolean;
  lastError: { code: number | null; subcode: number | null; message: string; at: string } | null;
  connectedBy: string | null;
  statusChangedAt?: string;
  lastRefreshedAt?: string | null;
}

export interface HealthEvent {
  id: string;
  at: string;
  kind: string;
  oldStatus: TokenStatus | null;
  newStatus: TokenStatus | null;
  code: number | null;
  subcode: number | null;
  fbtraceId: string | null;
  cause: string | null;
  message: string | null;
}

export interface NamedAsset {
  id: string;
  /** Meta's id (our row id is `id`). */
  metaId?: string;
  name: string;
}

export interface MetaUserAssets {
  adAccounts: NamedAsset[];
  pages: NamedAsset[];
  pixels: NamedAsset[];
  catalogs: NamedAsset[];
}

export interface AppNotification {
  id: string;
  type: string;
  message: string;
  metaUserId: string | null;
  createdAt: string;
  readAt: string | null;
  /** Set when the problem went away (the profile was reconnected): no longer counts as news. */
  resolvedAt?: string | null;
}

export type BlockedReason = 'token_expired' | 'token_inactive' | 'no_permission' | 'scope_declined';

export interface AdAccount {
  id: string;
  metaId?: string;
  name: string;
  businessId: string | null;
  businessName?: string | null;
  /** Profiles holding a permission on it now. */
  metaUserIds: string[];
  /** Profiles that reached it until their token stopped being Active: the ones to reconnect. */
  lapsedMetaUserIds?: string[];
  canSync: boolean;
  canManage: boolean;
  blockedReason: BlockedReason | null;
  lastSyncedAt: string | null;
  lastSyncError?: { code: string; reason?: string; message: string; at: string } | null;
}

export interface InsightRow {
  date: string;
  spend: number | string;
  impressions: number | string;
  clicks: number | string;
}

export interface Campaign {
  id: string;
  metaId?: string;
  name: string;
  status: string;
  effectiveStatus?: string | null;
}

export interface JobRun {
  status: 'running' | 'succeeded' | 'failed';
  trigger: 'schedule' | 'manual';
  startedAt: string;
  finishedAt: string | null;
  summary: unknown;
  error: string | null;
}

export interface Job {
  name: string;
  description: string;
  cron: string | null;
  lastRun: JobRun | null;
}
