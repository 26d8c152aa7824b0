-- Whose credentials decided the Meta app's shared state: a fingerprint (never the secret) of the
-- app id and secret of the check that last turned it healthy or unhealthy. A process whose own
-- credentials differ from the deployment's and are refused has a problem of its own: it may not
-- flip the state every other process reads.
alter table meta_app_health add column credentials text;

-- What Meta said about the API version this deployment calls (one row per app and configured
-- version): the version Meta answered with when it was another one (the configured version has
-- ended and Meta serves the oldest one it still has), and Meta refusing Ads API calls on it (2635).
create table meta_api_version (
  app_id text not null,
  version text not null,
  served_as text,
  served_as_at timestamptz,
  ads_refused_at timestamptz,
  ads_refused_message text,
  primary key (app_id, version)
);

-- Each warning to operators about a version goes out once for the whole deployment: the first
-- process to insert its row tells (90/30/7 days before the end, served as another, Ads refused).
create table meta_api_version_notices (
  app_id text not null,
  version text not null,
  notice text not null,
  told_at timestamptz not null,
  primary key (app_id, version, notice)
);
