-- Workspaces, people, sessions, API keys, the secret vault and job bookkeeping.

create table workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  -- Demo workspaces are seeded in demo mode only.
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);

create table members (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  email text not null,
  name text not null default '',
  password_hash text not null,
  role text not null check (role in ('admin', 'member')),
  locale text not null default 'it' check (locale in ('it', 'en')),
  created_at timestamptz not null default now()
);
-- Sign-in is by email alone, so an email is one member across the installation.
create unique index members_email_key on members (lower(email));
create index members_workspace_idx on members (workspace_id);

create table sessions (
  -- SHA-256 of the cookie value: a database dump never holds a usable session id.
  id_hash text primary key,
  member_id uuid not null references members(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_member_idx on sessions (member_id);

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  key_hash text not null unique,
  -- The first characters, so an operator can tell keys apart without the secret.
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

create table login_attempts (
  throttle_key text primary key,
  window_started_at timestamptz not null,
  failures integer not null
);

-- Every secret at rest, encrypted by the vault. Rows elsewhere point here, so key rotation
-- walks one table whatever the number of places secrets are used.
create table secrets (
  id uuid primary key default gen_random_uuid(),
  key_id text not null,
  nonce text not null,
  ciphertext text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index secrets_key_id_idx on secrets (key_id);

create table job_runs (
  id uuid primary key default gen_random_uuid(),
  job text not null,
  trigger text not null check (trigger in ('schedule', 'manual')),
  status text not null check (status in ('running', 'succeeded', 'failed')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  summary jsonb,
  error text
);
create index job_runs_job_started_idx on job_runs (job, started_at desc);
