-- An operator's second day (issue 29): API keys listed and revoked, and job runs that say who ran
-- them and whether that process is still alive.

-- API keys are listed newest first, per workspace, a page at a time (GET /api/api-keys). A revoked
-- key keeps its row (revoked_at set): token checkouts name the key that took a token
-- (token_checkouts.api_key_id), and that record must still say which key it was. last_used_at is
-- written at most once a minute per key and process, and is not a column the api_keys trigger
-- (migrations 006, 009) listens to: recording a use never empties the credential caches.
create index api_keys_workspace_created_idx on api_keys (workspace_id, created_at desc, id desc);

-- Who ran a job (the process: its role, host and pid), from which pg-boss job, and a lease the
-- running process renews while it works: a run whose lease ran out is `died` (its process was
-- killed, or the run went past the job's expiry, after which pg-boss gives it to another worker).
alter table job_runs drop constraint job_runs_status_check;
alter table job_runs add constraint job_runs_status_check check (status in ('running', 'succeeded', 'failed', 'died'));
alter table job_runs add column run_by_role text;
alter table job_runs add column run_by_host text;
alter table job_runs add column run_by_pid integer;
alter table job_runs add column queue_job_id uuid;
alter table job_runs add column lease_until timestamptz;
-- started_at + the job's expiry (expireInSeconds): the lease is never renewed past it.
alter table job_runs add column expires_at timestamptz;
-- Runs left `running` by a process that died before this migration: an hour was the longest any
-- job was allowed then (its pg-boss expiry), so they are due to be marked at the next look.
update job_runs set lease_until = started_at + interval '1 hour', expires_at = started_at + interval '1 hour' where status = 'running';
create index job_runs_running_idx on job_runs (lease_until) where status = 'running';
