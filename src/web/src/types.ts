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
  metaId: string;
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
  profileId: string | null;
  createdAt: string;
  readAt: string | null;
  /** Set when the problem went away (the profile was reconnected): no longer counts as news. */
  resolvedAt?: string | null;
  /** The profile's name, the cause and what stops working, in the member's language (issue 9). */
  profileName?: string | null;
  cause?: string;
  impact?: string;
  /** Where to act: the profile's page, with its Reconnect action. */
  actionPath?: string;
}

export type BlockedReason = 'token_expired' | 'token_inactive' | 'no_permission' | 'scope_declined';

export interface AdAccount {
  id: string;
  metaId?: string;
  name: string;
  businessId: string | null;
  businessName?: string | null;
  /** Profiles holding a permission on it now. */
  profileIds: string[];
  /** Profiles that reached it until their token stopped being Active: the ones to reconnect. */
  lapsedProfileIds?: string[];
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

/** "Sync now" of one profile: what it did (see docs/alerts.md). */
export interface ChangeCount {
  added: number;
  removed: number;
  changed: number;
}

export interface AssetSyncSummary {
  adAccounts?: ChangeCount;
  pages?: ChangeCount;
  pixels?: ChangeCount;
  catalogs?: ChangeCount;
  failedTokens?: number;
  failures?: Array<{ profileId: string; category: string; message: string }>;
}

export interface SyncSummary {
  profileId: string;
  startedAt: string;
  finishedAt: string;
  verification: 'valid' | 'expired' | 'inactive' | 'inconclusive' | 'not_active';
  refresh: 'refreshed' | 'notExtended' | 'failed' | 'skipped' | 'not_due';
  assets: AssetSyncSummary | null;
  assetsSkipped: 'token_not_active' | 'assets_unavailable' | 'failed' | null;
  status: TokenStatus;
}

export interface SyncState {
  lastSync: { startedAt: string; finishedAt: string | null; summary: SyncSummary | null } | null;
  nextAllowedAt: string;
}

export type AlertType = 'token_expired' | 'token_inactive' | 'token_expiring' | 'data_access_expiring' | 'token_recovered';
export type AlertChannel = 'email' | 'telegram';

export interface AlertPreferences {
  channels: {
    inApp: { available: boolean };
    email: { available: boolean; address: string };
    telegram: { available: boolean; linked: boolean; botUsername: string | null };
  };
  requireCritical: boolean;
  preferences: Array<{ type: AlertType; critical: boolean; locked: boolean; inApp: boolean; email: boolean; telegram: boolean }>;
}

export interface AlertSettings {
  requireCritical: boolean;
  criticalTypes: AlertType[];
}

export interface TelegramStatus {
  botConfigured: boolean;
  botUsername: string | null;
  linked: boolean;
  linkedAt: string | null;
}

export interface TelegramLinkCode {
  code: string;
  command: string;
  deepLink: string;
  botUsername: string;
  expiresAt: string;
}

export type DeliveryState = 'pending' | 'sent' | 'failed';

export interface AlertDelivery {
  id: string;
  notificationId: string;
  notificationType: string;
  profileId: string | null;
  memberId: string;
  memberEmail: string;
  channel: AlertChannel;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxMessage {
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
