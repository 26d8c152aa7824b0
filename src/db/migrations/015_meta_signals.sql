-- What Meta pushes to the app (issue 26): the deauthorize and data deletion callbacks and Meta's
-- webhooks. The intake checks the signature and stores the delivery as it came, in one
-- statement, before it answers; a job does the work (src/meta-signals/).

create table meta_signals (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('deauthorize', 'data_deletion', 'webhook')),
  -- SHA-256 of the signed_request (callbacks) or of the raw body (webhooks): a delivery Meta
  -- sends again (our 200 was lost), or a replay inside the accepted window, is stored once.
  dedupe_key text not null unique,
  -- The form text or the JSON text, as received. Emptied 7 days after processing, and at once by
  -- a data deletion of the person it names.
  body text not null,
  -- Callbacks: the person (the payload's user_id) and Meta's issued_at.
  meta_user_id text,
  issued_at timestamptz,
  received_at timestamptz not null,
  -- A processor holds a lease, not a row lock (a worker killed mid-way leaves a lease that ends).
  claimed_until timestamptz,
  attempts integer not null default 0,
  processed_at timestamptz,
  -- What processing found: counts of changes by outcome (unknown people, fields, objects…).
  outcome jsonb
);
-- Stored as it came, read back once: not compressed (compressing every delivery of up to 8 MiB
-- would cost the intake more than it saves).
alter table meta_signals alter column body set storage external;
create index meta_signals_pending_idx on meta_signals (received_at) where processed_at is null;
create index meta_signals_kind_idx on meta_signals (kind, received_at desc);
create index meta_signals_person_idx on meta_signals (meta_user_id) where meta_user_id is not null;
-- Retention: processed bodies are emptied after 7 days, rows go after 30 (a deletion request's stays).
create index meta_signals_processed_idx on meta_signals (processed_at) where processed_at is not null;

-- The newest permission change applied per person and permission (the webhook entry's `time`):
-- an older change arriving later, or the same one again, changes nothing.
create table meta_permission_changes (
  meta_user_id text not null,
  permission text not null,
  changed_at timestamptz not null,
  verb text not null,
  primary key (meta_user_id, permission)
);

-- Data deletion requests. The confirmation code is the key of the public status page: random,
-- unguessable. The person's Meta id is kept only until the deletion is done.
create table meta_data_deletions (
  code text primary key,
  signal_id uuid not null unique references meta_signals(id),
  meta_user_id text,
  requested_at timestamptz not null,
  status text not null check (status in ('pending', 'completed')),
  completed_at timestamptz,
  -- What was deleted, by kind: {"profiles":2,"tokens":2,"timelineEvents":9,…}.
  deleted jsonb not null default '{}'
);
create index meta_data_deletions_pending_idx on meta_data_deletions (requested_at) where status = 'pending';

-- Which workspaces a deletion reached (their admins see it and are told), and what it removed there.
create table meta_data_deletion_workspaces (
  code text not null references meta_data_deletions(code) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  deleted jsonb not null,
  primary key (code, workspace_id)
);
create index meta_data_deletion_workspaces_ws_idx on meta_data_deletion_workspaces (workspace_id);

-- A signal names a person by Meta's id, whatever the workspace: their profiles are found by it
-- (the unique index leads with the workspace).
create index meta_users_meta_user_idx on meta_users (meta_user_id);

-- A status change's cause when it is not Meta's code and subcode alone (a cause Meta told us of,
-- e.g. `app_removed`: the person removed the app): meta/token-causes.ts names it.
alter table meta_user_events add column cause_key text;
