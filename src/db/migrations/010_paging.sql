-- Every list of the API pages by a keyset (its ORDER BY columns, the row id last): each gets an
-- index in that order, so a page is an index range scan whatever the list's size.

create index ad_accounts_workspace_name_idx on ad_accounts (workspace_id, name, id);
create index pages_workspace_name_idx on pages (workspace_id, name, id);
create index pixels_workspace_name_idx on pixels (workspace_id, name, id);
create index catalogs_workspace_name_idx on catalogs (workspace_id, name, id);

-- Newest first, ties by id: these replace the (…, created_at desc) indexes without the id.
drop index meta_user_events_profile_idx;
create index meta_user_events_profile_idx on meta_user_events (profile_id, at desc, id desc);
drop index notifications_member_idx;
create index notifications_member_idx on notifications (member_id, created_at desc, id desc);
drop index webhook_deliveries_webhook_idx;
create index webhook_deliveries_webhook_idx on webhook_deliveries (webhook_id, created_at desc, id desc);
drop index notification_deliveries_member_idx;
create index notification_deliveries_member_idx on notification_deliveries (member_id, created_at desc, id desc);
drop index notification_deliveries_workspace_idx;
create index notification_deliveries_workspace_idx on notification_deliveries (workspace_id, created_at desc, id desc);
drop index mail_outbox_workspace_idx;
create index mail_outbox_workspace_idx on mail_outbox (workspace_id, created_at desc, id desc);

-- The ad account list pages are kept in memory until something they show changes. What an id
-- resolves to already tells the 'assets' topic (migration 009), and that topic drops the broker's
-- decisions too; what only the list shows (the owner, the last sync) goes to a topic of its own,
-- so an hourly data sync stamping 20,000 accounts leaves the broker's cache alone.
create trigger ad_accounts_view_changed after update of business_id, last_synced_at, last_sync_error on ad_accounts
  for each row when (old.business_id is distinct from new.business_id
    or old.last_synced_at is distinct from new.last_synced_at
    or old.last_sync_error is distinct from new.last_sync_error)
  execute function wevion_notify_workspace('asset-views');
create trigger pages_view_changed after update of business_id on pages
  for each row when (old.business_id is distinct from new.business_id) execute function wevion_notify_workspace('asset-views');
create trigger pixels_view_changed after update of business_id on pixels
  for each row when (old.business_id is distinct from new.business_id) execute function wevion_notify_workspace('asset-views');
create trigger catalogs_view_changed after update of business_id on catalogs
  for each row when (old.business_id is distinct from new.business_id) execute function wevion_notify_workspace('asset-views');
-- A pixel's links to ad accounts are shown on the pixel list.
create function wevion_notify_pixel_links() returns trigger language plpgsql as $$
declare
  ws uuid;
begin
  for ws in select distinct p.workspace_id from changed c join pixels p on p.id = c.pixel_id loop
    perform pg_notify('wevion_changes', 'asset-views:' || ws::text);
  end loop;
  return null;
end $$;
create trigger pixel_ad_accounts_inserted after insert on pixel_ad_accounts referencing new table as changed
  for each statement execute function wevion_notify_pixel_links();
create trigger pixel_ad_accounts_deleted after delete on pixel_ad_accounts referencing old table as changed
  for each statement execute function wevion_notify_pixel_links();
