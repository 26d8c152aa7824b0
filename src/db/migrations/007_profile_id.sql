-- One meaning per name: `meta_user_id` is Meta's id of the user (meta_users.meta_user_id, text).
-- Every column pointing at our own profile row is `profile_id`.

alter table meta_user_events rename column meta_user_id to profile_id;
alter table notifications rename column meta_user_id to profile_id;
alter table oauth_states rename column meta_user_id to profile_id;
alter table meta_user_businesses rename column meta_user_id to profile_id;
alter table asset_permissions rename column meta_user_id to profile_id;
alter table asset_permission_lapses rename column meta_user_id to profile_id;
alter table profile_syncs rename column meta_user_id to profile_id;

-- The trigger function of migration 006 names the column it reads.
create or replace function wevion_notify_profile_businesses() returns trigger language plpgsql as $$
declare
  ws uuid;
begin
  select workspace_id into ws from meta_users where id = coalesce(new.profile_id, old.profile_id);
  -- Gone with its profile (cascade): the profile's own trigger already told its workspace.
  if ws is not null then
    perform pg_notify('wevion_changes', 'profiles:' || ws::text);
  end if;
  return null;
end $$;
