import type { Db } from '../db/database.ts';
import type { AlertChannel } from '../db/schema-alerts.ts';
import { preferenceKey, type PreferenceMap } from './preferences.ts';

export async function preferencesOf(db: Db, memberIds: string[]): Promise<Map<string, PreferenceMap>> {
  const result = new Map<string, PreferenceMap>();
  if (memberIds.length === 0) return result;
  const rows = await db.selectFrom('alert_preferences').select(['member_id', 'type', 'channel', 'enabled']).where('member_id', 'in', memberIds).execute();
  for (const row of rows) {
    const map = result.get(row.member_id) ?? new Map<string, boolean>();
    map.set(preferenceKey(row.type, row.channel), row.enabled);
    result.set(row.member_id, map);
  }
  return result;
}

export async function savePreferences(db: Db, memberId: string, entries: Array<{ type: string; channel: AlertChannel; enabled: boolean }>, at: Date): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('alert_preferences')
    .values(entries.map((e) => ({ member_id: memberId, type: e.type, channel: e.channel, enabled: e.enabled, updated_at: at })))
    .onConflict((oc) => oc.columns(['member_id', 'type', 'channel']).doUpdateSet((eb) => ({ enabled: eb.ref('excluded.enabled'), updated_at: eb.ref('excluded.updated_at') })))
    .execute();
}

export async function requireCriticalOf(db: Db, workspaceIds: string[]): Promise<Set<string>> {
  if (workspaceIds.length === 0) return new Set();
  const rows = await db.selectFrom('alert_settings').select('workspace_id').where('workspace_id', 'in', workspaceIds).where('require_critical', '=', true).execute();
  return new Set(rows.map((row) => row.workspace_id));
}

export async function saveRequireCritical(db: Db, workspaceId: string, requireCritical: boolean, at: Date): Promise<void> {
  await db
    .insertInto('alert_settings')
    .values({ workspace_id: workspaceId, require_critical: requireCritical, updated_at: at })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ require_critical: requireCritical, updated_at: at }))
    .execute();
}
