-- Facebook Login for Business (issue 27): a client business connected in one click gives a
-- Business Integration System User token. How a profile came to be is now said, not guessed:
-- `login` (Connect Meta Account: a user token), `pasted` (an admin pasted a System User token),
-- `business` (Connect a business: a BISU token of `client_business_id`).
alter table meta_users add column connection text not null default 'login'
  check (connection in ('login', 'business', 'pasted'));
update meta_users set connection = 'pasted' where token_type = 'system_user';
alter table meta_users add column client_business_id uuid references businesses(id) on delete set null;
-- One profile per client business and workspace: connecting the business again replaces its token,
-- even though Meta made a new BISU (another id) after an uninstall.
create unique index meta_users_client_business_idx on meta_users (workspace_id, client_business_id) where connection = 'business';
create index meta_users_client_business_lookup_idx on meta_users (client_business_id) where client_business_id is not null;

-- The profiles topic hears of the new columns too (the list shows them).
drop trigger meta_users_changed on meta_users;
create trigger meta_users_changed after insert or delete or update of
  workspace_id, meta_user_id, name, token_type, status, expires_at, data_access_expires_at, granted_scopes,
  declined_scopes, needs_reconnect, last_error, connected_by, status_changed_at, last_refreshed_at,
  token_version, secret_id, connection, client_business_id
  on meta_users for each row execute function wevion_notify_workspace('profiles');

-- Which dialog a state was made for: Connect Meta Account (`login`) or Connect a business.
alter table oauth_states add column flow text not null default 'login' check (flow in ('login', 'business'));

-- Meta's `business_integration_install` webhook is sent as the client's admin consents, before
-- the browser comes back to our callback: the business has no profile yet. The install waits here
-- until the connect that follows puts it on the new profile's timeline.
create table business_installs_pending (
  meta_business_id text primary key,
  installed_at timestamptz not null,
  config_id text
);
