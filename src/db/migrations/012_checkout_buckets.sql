-- The checkout throttle shared by every web process: a token bucket per API key (CHECKOUTS_PER_MINUTE
-- a minute, in bursts of up to that many), taken from by one atomic upsert before a batch of
-- checkouts is recorded (checkout-log.ts), so two processes never both spend a key's last checkout.
create table checkout_buckets (
  api_key_id uuid primary key references api_keys(id) on delete cascade,
  tokens double precision not null,
  refilled_at timestamptz not null,
  -- How many the latest take admitted: a batch may get fewer than it asked for.
  last_admitted integer not null
);
