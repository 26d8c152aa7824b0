-- Alerts people see outside the app: email and Telegram deliveries of notifications, per-member
-- preferences, the workspace's Telegram bot, the demo mail outbox, and "Sync now" throttling.

-- A notification is dispatched once: its delivery rows are planned and this row written. Rows
-- without one (a crash between commit and dispatch, a listener that failed) are found by the
-- minute sweep. Existing notifications count as dispatched: nobody gets mail about old news.
create table notification_dispatches (
  notification_id uuid primary key references notifications(id) on delete cascade,
  dispatched_at timestamptz not null
);
insert into notification_dispatches (notification_id, dispatched_at) select id, now() from notifications;
create index notifications_created_idx on notifications (created_at);

-- One row per notification and channel: the idempotency key of a delivery. A message is sent at
-- most once per (notification, channel); a retry works on the same row. pending → sent | failed.
create table notification_deliveries (
  id uuid primary key default gen_random_uuid(),
  notification_id uuid not null references notifications(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  member_id uuid not null references members(id) on delete cascade,
  channel text not null check (channel in ('email', 'telegram')),
  state text not null default 'pending' check (state in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  -- A worker sending holds a lease (a time, not a row lock: no connection is held while the
  -- mail server or Telegram answers). A worker killed mid-send leaves a lease that runs out.
  lease_until timestamptz,
  last_error text,
  -- The SMTP message id or the Telegram message id.
  provider_id text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  sent_at timestamptz,
  unique (notification_id, channel)
);
create index notification_deliveries_due_idx on notification_deliveries (next_attempt_at) where state = 'pending';
create index notification_deliveries_member_idx on notification_deliveries (member_id, created_at desc);
create index notification_deliveries_workspace_idx on notification_deliveries (workspace_id, created_at desc);

-- Absent row = enabled. In-app is always on and has no row.
create table alert_preferences (
  member_id uuid not null references members(id) on delete cascade,
  type text not null,
  channel text not null check (channel in ('email', 'telegram')),
  enabled boolean not null,
  updated_at timestamptz not null,
  primary key (member_id, type, channel)
);

create table alert_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  -- token_expired and token_inactive go to every channel a member has, whatever their preferences.
  require_critical boolean not null default false,
  updated_at timestamptz not null
);

-- The workspace's Telegram bot; the token lives encrypted in secrets and is never returned.
create table telegram_bots (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  secret_id uuid not null references secrets(id),
  bot_id text not null,
  bot_username text not null,
  -- getUpdates offset: updates below it were read and confirmed.
  update_offset bigint not null default 0,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table telegram_links (
  member_id uuid primary key references members(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  chat_id text not null,
  linked_at timestamptz not null
);

-- Short-lived codes of the /start handshake, stored hashed.
create table telegram_link_codes (
  code_hash text primary key,
  member_id uuid not null references members(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index telegram_link_codes_member_idx on telegram_link_codes (member_id);

-- Demo mode: every email is also written here, so a newcomer sees what would be sent.
create table mail_outbox (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  delivery_id uuid unique references notification_deliveries(id) on delete set null,
  to_address text not null,
  from_address text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  -- 'outbox' (kept here only) or 'smtp' (also sent through SMTP_URL).
  transport text not null,
  created_at timestamptz not null
);
create index mail_outbox_workspace_idx on mail_outbox (workspace_id, created_at desc);

-- "Sync now": at most once a minute per profile, agreed by every process through this row.
create table profile_syncs (
  meta_user_id uuid primary key references meta_users(id) on delete cascade,
  started_at timestamptz not null,
  finished_at timestamptz,
  requested_by uuid references members(id) on delete set null,
  summary jsonb
);
