-- Every process keeps small read caches (the profile list, who a session or API key is, which
-- webhooks a workspace has). A
-- commit that changes what they hold tells every process through NOTIFY, so a cache is never
-- served stale, whichever process (web, worker, CLI) made the change.

-- For tables with a workspace_id: the payload is '<topic>:<workspace id>', the topic the trigger's argument.
create function wevion_notify_workspace() returns trigger language plpgsql as $$
begin
  perform pg_notify('wevion_changes', tg_argv[0] || ':' || coalesce(new.workspace_id, old.workspace_id)::text);
  return null;
end $$;

create function wevion_notify_profile_businesses() returns trigger language plpgsql as $$
declare
  ws uuid;
begin
  select workspace_id into ws from meta_users where id = coalesce(new.meta_user_id, old.meta_user_id);
  -- Gone with its profile (cascade): the profile's own trigger already told its workspace.
  if ws is not null then
    perform pg_notify('wevion_changes', 'profiles:' || ws::text);
  end if;
  return null;
end $$;

create function wevion_notify_auth() returns trigger language plpgsql as $$
begin
  perform pg_notify('wevion_changes', 'auth');
  return null;
end $$;

-- Only the columns the list shows: leases and verification stamps change often and show nothing.
create trigger meta_users_changed after insert or delete or update of
  workspace_id, meta_user_id, name, token_type, status, expires_at, data_access_expires_at, granted_scopes,
  declined_scopes, needs_reconnect, last_error, connected_by, status_changed_at, last_refreshed_at
  on meta_users for each row execute function wevion_notify_workspace('profiles');
create trigger businesses_changed after insert or delete or update on businesses
  for each row execute function wevion_notify_workspace('profiles');
create trigger meta_user_businesses_changed after insert or delete or update on meta_user_businesses
  for each row execute function wevion_notify_profile_businesses();

create trigger webhooks_changed after insert or delete or update on webhooks
  for each row execute function wevion_notify_workspace('webhooks');

-- A new session or key needs no message (nothing is cached for an unknown credential); one that
-- ends, or a member whose role changes, must stop being trusted at once.
create trigger sessions_changed after delete or update on sessions
  for each row execute function wevion_notify_auth();
create trigger members_changed after delete or update on members
  for each row execute function wevion_notify_auth();
create trigger api_keys_changed after delete or update of key_hash, workspace_id, revoked_at on api_keys
  for each row execute function wevion_notify_auth();

-- The profile list pages through a workspace by (name, id).
create index meta_users_workspace_name_idx on meta_users (workspace_id, name, id);
