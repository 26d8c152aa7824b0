/**
 * The part of the state file (`persistence.ts`) that holds Facebook Login for Business installs:
 * each Business Integration System User with its app, business, configuration, shared assets and
 * uninstall. Restoring puts them back in the world's index (the system users and what they see).
 * Reading validates everything before the caller applies anything.
 */
import { registerIntegration, type Integration } from './integrations.ts';
import { arr, bad, bool, num, obj, str, strings } from './json-read.ts';
import type { EmulatorState } from './state.ts';

export function snapshotIntegrations(state: EmulatorState): Integration[] {
  return [...state.integrations.values()];
}

function integration(v: unknown, where: string): Integration {
  const o = obj(v, where);
  const out: Integration = {
    id: str(o.id, `${where}.id`),
    name: str(o.name, `${where}.name`),
    appId: str(o.appId, `${where}.appId`),
    businessId: str(o.businessId, `${where}.businessId`),
    configId: str(o.configId, `${where}.configId`),
    permissions: strings(o.permissions, `${where}.permissions`),
    expiresIn60Days: bool(o.expiresIn60Days, `${where}.expiresIn60Days`),
    shared: strings(o.shared, `${where}.shared`),
    installedAt: num(o.installedAt, `${where}.installedAt`),
  };
  if (o.uninstalled !== undefined) {
    const ev = obj(o.uninstalled, `${where}.uninstalled`);
    out.uninstalled = { seq: num(ev.seq, `${where}.uninstalled.seq`), at: num(ev.at, `${where}.uninstalled.at`) };
  }
  return out;
}

/** Validates the saved installs (absent in files written before them: none) against the world restored. Throws StateFileError. */
export function readIntegrations(input: unknown, businesses: ReadonlySet<string>): Integration[] {
  const list = arr(input ?? [], 'integrations').map((v, i) => integration(v, `integrations[${i}]`));
  const ids = new Set<string>();
  for (const [i, it] of list.entries()) {
    if (ids.has(it.id)) bad(`integrations[${i}].id ${it.id} is a duplicate`);
    ids.add(it.id);
    if (!businesses.has(it.businessId)) bad(`integrations[${i}].businessId ${it.businessId} is not a business of the world`);
  }
  return list;
}

export function applyIntegrations(state: EmulatorState, list: readonly Integration[]): void {
  for (const it of list) {
    state.integrations.set(it.id, it);
    registerIntegration(state.index, it);
  }
}
