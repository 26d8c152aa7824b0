import type { ColumnType, Generated } from 'kysely';

type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type WebhookEventType = 'token.expired' | 'token.inactive' | 'token.refreshed' | 'token.reconnected' | 'token.refresh_not_extended' | 'app.unhealthy' | 'app.recovered' | 'app.api_version';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhooksTable {
  id: Generated<string>;
  workspace_id: string;
  url: string;
  /** jsonb: written as a JSON string, read parsed. */
  events: ColumnType<WebhookEventType[], string, string>;
  secret_id: string;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  webhook_id: string;
  event: WebhookEventType;
  body: string;
  status: DeliveryStatus;
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: DefaultedTimestamp;
  last_attempt_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface WebhooksSchema {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
