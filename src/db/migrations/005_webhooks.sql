-- Webhooks: per-workspace endpoints told about token events, and every delivery of every event.

create table webhooks (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  url text not null,
  -- The event types the endpoint receives, e.g. ["token.expired","token.refreshed"].
  events jsonb not null,
  -- The signing secret lives encrypted in secrets (so key rotation covers it); shown once.
  secret_id uuid not null references secrets(id),
  created_by uuid references members(id) on delete set null,
  created_at timestamptz not null default now()
);
create index webhooks_workspace_idx on webhooks (workspace_id);

create table webhook_deliveries (
  -- The idempotency id the receiver sees (X-Wevion-Delivery, "id" in the body), the same on
  -- every attempt; also the pg-boss job id, so enqueueing a delivery twice queues it once.
  id uuid primary key default gen_random_uuid(),
  webhook_id uuid not null references webhooks(id) on delete cascade,
  event text not null,
  -- The exact JSON body, fixed when the event happened: every attempt sends the same bytes.
  body text not null,
  status text not null check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  last_status_code integer,
  last_error text,
  created_at timestamptz not null default now(),
  last_attempt_at timestamptz,
  finished_at timestamptz
);
create index webhook_deliveries_webhook_idx on webhook_deliveries (webhook_id, created_at desc);
create index webhook_deliveries_pending_idx on webhook_deliveries (created_at) where status = 'pending';
