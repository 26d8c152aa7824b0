-- Meta app health: whether Meta still accepts the app itself (not one person's token), shared by
-- every process of the deployment. While an app is unhealthy no profile changes status and the
-- verifications that would have are kept here, to run once it is healthy again.

create table meta_app_health (
  app_id text primary key,
  healthy boolean not null,
  -- Our stable reason: app_invalid (101), app_token_refused (the secret), app_refused (anything else).
  reason text,
  -- Meta's answer that made it unhealthy (code, scrubbed message, trace id).
  code integer,
  message text,
  fbtrace_id text,
  -- When it last changed between healthy and unhealthy, and when it was last checked.
  changed_at timestamptz not null,
  checked_at timestamptz not null
);

create table held_verifications (
  profile_id uuid primary key references meta_users(id) on delete cascade,
  held_at timestamptz not null,
  -- The Graph error that started the check, kept for the timeline of the re-check.
  code integer,
  subcode integer,
  fbtrace_id text
);
