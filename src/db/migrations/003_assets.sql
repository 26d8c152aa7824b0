-- Assets (ad accounts, pages, pixels, catalogs), who may touch them, and the data synced from them.
-- An asset is stored once per workspace whatever the number of tokens reaching it, and holds no
-- token: permissions point at the profile (meta_users), so a refreshed or reconnected token serves
-- every asset at once. Syncs never delete assets or their history; only permission rows and
-- pixel links are replaced.

create table ad_accounts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  -- Meta's id, always in the act_<id> form.
  meta_id text not null,
  name text not null default '',
  -- The owning Business Manager when known (from its owned_ad_accounts edge).
  business_id uuid references businesses(id) on delete set null,
  -- Data sync (insights, campaigns): when it last succeeded, and why it last did not.
  last_synced_at timestamptz,
  last_sync_error jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, meta_id)
);

create table pages (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  meta_id text not null,
  name text not null default '',
  business_id uuid references businesses(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, meta_id)
);

create table pixels (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  meta_id text not null,
  name text not null default '',
  business_id uuid references businesses(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, meta_id)
);

create table catalogs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  meta_id text not null,
  name text not null default '',
  business_id uuid references businesses(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, meta_id)
);

-- What a profile's token may touch, as its lists said at the last sync. Only Active profiles
-- have rows: a profile that stops being Active loses them (moved to the lapses below).
create table asset_permissions (
  meta_user_id uuid not null references meta_users(id) on delete cascade,
  asset_type text not null check (asset_type in ('ad_account', 'page', 'pixel', 'catalog')),
  -- Row id in the table named by asset_type (polymorphic, so no foreign key; assets are never deleted).
  asset_id uuid not null,
  -- Meta's tasks on the asset when its list says them (pages), else [].
  tasks jsonb not null default '[]',
  granted_at timestamptz not null default now(),
  primary key (meta_user_id, asset_type, asset_id)
);
create index asset_permissions_asset_idx on asset_permissions (asset_type, asset_id);

-- Permissions a profile lost because its token stopped being Active. Not permissions: they only
-- let the broker and the API say *why* an asset is blocked ("token_expired" rather than
-- "no_permission") until the profile is reconnected and synced again, or deleted.
create table asset_permission_lapses (
  meta_user_id uuid not null references meta_users(id) on delete cascade,
  asset_type text not null check (asset_type in ('ad_account', 'page', 'pixel', 'catalog')),
  asset_id uuid not null,
  lapsed_at timestamptz not null default now(),
  primary key (meta_user_id, asset_type, asset_id)
);
create index asset_permission_lapses_asset_idx on asset_permission_lapses (asset_type, asset_id);

create table pixel_ad_accounts (
  pixel_id uuid not null references pixels(id) on delete cascade,
  ad_account_id uuid not null references ad_accounts(id) on delete cascade,
  primary key (pixel_id, ad_account_id)
);
create index pixel_ad_accounts_account_idx on pixel_ad_accounts (ad_account_id);

create table campaigns (
  id uuid primary key default gen_random_uuid(),
  ad_account_id uuid not null references ad_accounts(id) on delete cascade,
  meta_id text not null,
  name text not null default '',
  status text not null,
  effective_status text,
  updated_at timestamptz not null default now(),
  unique (ad_account_id, meta_id)
);

create table insights_daily (
  ad_account_id uuid not null references ad_accounts(id) on delete cascade,
  date date not null,
  spend numeric(16, 2) not null default 0,
  impressions bigint not null default 0,
  clicks bigint not null default 0,
  synced_at timestamptz not null default now(),
  primary key (ad_account_id, date)
);
