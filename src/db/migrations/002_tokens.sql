-- Meta profiles and their tokens, the health timeline, notifications, OAuth state, Business Managers.

create table meta_users (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  -- Meta's id of the user or system user the token belongs to.
  meta_user_id text not null,
  name text not null,
  email text,
  token_type text not null check (token_type in ('user', 'system_user')),
  status text not null check (status in ('active', 'inactive', 'expired')),
  -- The token itself lives encrypted in secrets; assets never hold a copy, so a refreshed or
  -- reconnected token serves every asset at once.
  secret_id uuid not null references secrets(id),
  -- Bumped whenever the token is replaced: a refresh that started from an older token must not
  -- overwrite a newer one (reconnect meanwhile), a lost update the version check prevents.
  token_version integer not null default 1,
  expires_at timestamptz,
  data_access_expires_at timestamptz,
  granted_scopes jsonb not null default '[]',
  declined_scopes jsonb not null default '[]',
  needs_reconnect boolean not null default false,
  last_error jsonb,
  connected_by uuid references members(id) on delete set null,
  -- The open incident (expired/inactive/not extended); notifications are deduplicated by it.
  incident_id uuid,
  status_changed_at timestamptz not null default now(),
  last_refreshed_at timestamptz,
  refresh_failed_since timestamptz,
  -- A refresh in progress holds a lease instead of a row lock, so no connection is held while
  -- Meta answers; a worker killed mid-refresh leaves the old token and a lease that expires.
  refresh_lease_until timestamptz,
  refresh_lease_owner text,
  last_verified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, meta_user_id)
);
create index meta_users_due_idx on meta_users (expires_at) where status = 'active' and expires_at is not null;

create table meta_user_events (
  id uuid primary key default gen_random_uuid(),
  meta_user_id uuid not null references meta_users(id) on delete cascade,
  at timestamptz not null default now(),
  kind text not null,
  old_status text,
  new_status text,
  code integer,
  subcode integer,
  fbtrace_id text,
  message text
);
create index meta_user_events_profile_idx on meta_user_events (meta_user_id, at desc);

create table notifications (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  member_id uuid not null references members(id) on delete cascade,
  meta_user_id uuid references meta_users(id) on delete cascade,
  type text not null,
  -- One notification per member per incident (or per token and expiry date for warnings).
  dedupe_key text not null,
  params jsonb not null default '{}',
  created_at timestamptz not null default now(),
  read_at timestamptz,
  resolved_at timestamptz,
  unique (member_id, dedupe_key)
);
create index notifications_member_idx on notifications (member_id, created_at desc);

create table oauth_states (
  state_hash text primary key,
  -- Bound to the session that asked: a state used from another session is refused.
  session_hash text not null,
  member_id uuid not null references members(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  -- Set for a reconnect: the profile the new token must belong to.
  meta_user_id uuid references meta_users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

create table businesses (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  meta_business_id text not null,
  name text not null,
  unique (workspace_id, meta_business_id)
);

create table meta_user_businesses (
  meta_user_id uuid not null references meta_users(id) on delete cascade,
  business_id uuid not null references businesses(id) on delete cascade,
  primary key (meta_user_id, business_id)
);
