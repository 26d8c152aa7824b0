import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb is written as a JSON string (both engines accept it that way) and read parsed. */
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export type AlertChannel = 'email' | 'telegram';
export type DeliveryState = 'pending' | 'sent' | 'failed';

export interface NotificationDispatchesTable {
  notification_id: string;
  dispatched_at: Timestamp;
}

export interface NotificationDeliveriesTable {
  id: Generated<string>;
  notification_id: string;
  workspace_id: string;
  member_id: string;
  channel: AlertChannel;
  state: Generated<DeliveryState>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: NullableTimestamp;
  last_error: string | null;
  provider_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: NullableTimestamp;
}

export interface AlertPreferencesTable {
  member_id: string;
  type: string;
  channel: AlertChannel;
  enabled: boolean;
  updated_at: Timestamp;
}

export interface AlertSettingsTable {
  workspace_id: string;
  require_critical: Generated<boolean>;
  updated_at: Timestamp;
}

export interface TelegramBotsTable {
  workspace_id: string;
  secret_id: string;
  bot_id: string;
  bot_username: string;
  /** bigint: read as a string by pg, as a number or string by PGlite; always Number() it. */
  update_offset: ColumnType<string | number, string | number | undefined, string | number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TelegramLinksTable {
  member_id: string;
  workspace_id: string;
  chat_id: string;
  linked_at: Timestamp;
}

export interface TelegramLinkCodesTable {
  code_hash: string;
  member_id: string;
  workspace_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface MailOutboxTable {
  id: Generated<string>;
  workspace_id: string;
  delivery_id: string | null;
  to_address: string;
  from_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  transport: 'outbox' | 'smtp';
  created_at: Timestamp;
}

export interface ProfileSyncsTable {
  profile_id: string;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  requested_by: string | null;
  summary: NullableJson<unknown>;
}

export interface AlertsSchema {
  notification_dispatches: NotificationDispatchesTable;
  notification_deliveries: NotificationDeliveriesTable;
  alert_preferences: AlertPreferencesTable;
  alert_settings: AlertSettingsTable;
  telegram_bots: TelegramBotsTable;
  telegram_links: TelegramLinksTable;
  telegram_link_codes: TelegramLinkCodesTable;
  mail_outbox: MailOutboxTable;
  profile_syncs: ProfileSyncsTable;
}
