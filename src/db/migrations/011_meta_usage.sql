-- One Meta rate budget per deployment: the usage figures Meta reports (the app's, each business
-- object's per use case, each ad account's) as the latest process learnt them, so every worker
-- respects what any worker was told. Written when a figure changes meaningfully; every process
-- keeps a copy in memory that the change feed keeps true.

create table meta_usage (
  -- 'app', 'business:<object id>:<use case>', 'ad_account:<id without act_>'.
  key text primary key,
  kind text not null check (kind in ('app', 'business', 'ad_account')),
  object_id text,
  -- The parsed figures (percentages, Meta's regain estimate).
  figures jsonb not null,
  updated_at timestamptz not null
);

create function wevion_notify_usage() returns trigger language plpgsql as $$
begin
  perform pg_notify('wevion_changes', 'usage:' || new.key);
  return null;
end $$;

create trigger meta_usage_changed after insert or update on meta_usage
  for each row execute function wevion_notify_usage();
