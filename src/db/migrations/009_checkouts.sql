-- API key scopes, the record of every token checkout, and change notices for what the token
-- caches hold (the proxy and checkouts answer from memory, kept exact by the change feed).

-- What a key may do. Keys made before scopes existed could call the proxy, read everything,
-- manage campaigns and run Sync now: they keep exactly that (never tokens:checkout, which hands
-- out the token itself and must be granted on purpose).
alter table api_keys add column scopes jsonb not null default '["graph:proxy","read"]';
update api_keys set scopes = '["graph:proxy","read","campaigns:manage","sync:run"]';

create table token_checkouts (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  api_key_id uuid references api_keys(id) on delete set null,
  -- The profile whose token was handed out; kept (with Meta's id) when the profile is deleted.
  profile_id uuid references meta_users(id) on delete set null,
  meta_user_id text not null,
  token_version integer not null,
  asset_type text check (asset_type in ('ad_account', 'page', 'pixel', 'catalog')),
  asset_id uuid,
  purpose text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create index token_checkouts_workspace_idx on token_checkouts (workspace_id, created_at desc, id desc);
create index token_checkouts_profile_idx on token_checkouts (profile_id, created_at desc);

-- The token a cache holds changes with token_version (refresh, reconnect, a System User token
-- added again) and secret_id: the profiles topic must hear of those too.
drop trigger meta_users_changed on meta_users;
create trigger meta_users_changed after insert or delete or update of
  workspace_id, meta_user_id, name, token_type, status, expires_at, data_access_expires_at, granted_scopes,
  declined_scopes, needs_reconnect, last_error, connected_by, status_changed_at, last_refreshed_at,
  token_version, secret_id
  on meta_users for each row execute function wevion_notify_workspace('profiles');

-- Who reaches which asset: permission rows have no workspace column, and the permission sync
-- writes thousands in one statement, so these triggers are per statement and tell each
-- workspace once.
create function wevion_notify_permissions() returns trigger language plpgsql as $$
declare
  ws uuid;
begin
  for ws in select distinct m.workspace_id from changed c join meta_users m on m.id = c.profile_id loop
    perform pg_notify('wevion_changes', 'assets:' || ws::text);
  end loop;
  return null;
end $$;

create trigger asset_permissions_inserted after insert on asset_permissions referencing new table as changed
  for each statement execute function wevion_notify_permissions();
create trigger asset_permissions_updated after update on asset_permissions referencing new table as changed
  for each statement execute function wevion_notify_permissions();
create trigger asset_permissions_deleted after delete on asset_permissions referencing old table as changed
  for each statement execute function wevion_notify_permissions();
create trigger asset_permission_lapses_inserted after insert on asset_permission_lapses referencing new table as changed
  for each statement execute function wevion_notify_permissions();
create trigger asset_permission_lapses_deleted after delete on asset_permission_lapses referencing old table as changed
  for each statement execute function wevion_notify_permissions();

-- An asset's identity (what an id or Meta id resolves to); sync stamps on ad accounts are not.
create trigger ad_accounts_changed after insert or delete or update of workspace_id, meta_id, name on ad_accounts
  for each row execute function wevion_notify_workspace('assets');
create trigger pages_changed after insert or delete or update of workspace_id, meta_id, name on pages
  for each row execute function wevion_notify_workspace('assets');
create trigger pixels_changed after insert or delete or update of workspace_id, meta_id, name on pixels
  for each row execute function wevion_notify_workspace('assets');
create trigger catalogs_changed after insert or delete or update of workspace_id, meta_id, name on catalogs
  for each row execute function wevion_notify_workspace('assets');

-- A key's scopes are part of who it is: a change must stop being trusted at once.
drop trigger api_keys_changed on api_keys;
create trigger api_keys_changed after delete or update of key_hash, workspace_id, revoked_at, scopes on api_keys
  for each row execute function wevion_notify_auth();

-- A profile's token itself (its ciphertext) changing must drop what the caches hold, whatever
-- changed it: the rows are found by the profile that points at the secret.
create index meta_users_secret_idx on meta_users (secret_id);
create function wevion_notify_profile_secret() returns trigger language plpgsql as $$
declare
  ws uuid;
begin
  for ws in select workspace_id from meta_users where secret_id = coalesce(new.id, old.id) loop
    perform pg_notify('wevion_changes', 'profiles:' || ws::text);
  end loop;
  return null;
end $$;
create trigger secrets_changed after update or delete on secrets
  for each row execute function wevion_notify_profile_secret();
