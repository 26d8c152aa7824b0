-- What needs someone first, what a broken token stops, and the timeline of failed reconnects.

-- The rank of a profile in the "attention first" order of the Meta Users list: Expired,
-- Inactive, Active but not renewed by Meta, a user token with a declined permission, then the
-- rest. One definition: the list orders by it and the notice counts `< 4` (needs attention).
-- Immutable, so it can be indexed; the list pages on (workspace, rank, name, id).
create function wevion_attention_rank(status text, needs_reconnect boolean, token_type text, declined_scopes jsonb) returns integer
  language sql immutable parallel safe as $$
  select case
    when status = 'expired' then 0
    when status = 'inactive' then 1
    when needs_reconnect then 2
    when token_type = 'user' and declined_scopes <> '[]'::jsonb then 3
    else 4
  end
$$;
create index meta_users_workspace_attention_idx on meta_users (workspace_id, wevion_attention_rank(status, needs_reconnect, token_type, declined_scopes), name, id);

-- The ad account's currency, as Meta's ad account node says it (`currency`, read at discovery):
-- the spend of its history is shown in it.
alter table ad_accounts add column currency text;
drop trigger ad_accounts_view_changed on ad_accounts;
create trigger ad_accounts_view_changed after update of business_id, last_synced_at, last_sync_error, currency on ad_accounts
  for each row when (old.business_id is distinct from new.business_id
    or old.last_synced_at is distinct from new.last_synced_at
    or old.last_sync_error is distinct from new.last_sync_error
    or old.currency is distinct from new.currency)
  execute function wevion_notify_workspace('asset-views');

-- What an event needs beyond a code and a line of text: the permissions declined at a connect or
-- reconnect (`{"scopes":[…]}`), why a reconnect failed (`{"reason","actual"?}`).
alter table meta_user_events add column details jsonb;
