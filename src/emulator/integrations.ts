/**
 * Facebook Login for Business installs: a client business connects an app through a system-user
 * configuration, and Meta creates a Business Integration System User (BISU) in that business,
 * with access to the assets the business's admin chose to share. One BISU per app and business
 * while it is installed; uninstalling deletes it (Meta: "Business Integration System User is
 * deleted"), so a later install creates another one, with another id. Each change is told to the
 * app through the `application` webhook (`business_integration_install|uninstall|update`) when it
 * is subscribed to that field.
 *
 * A BISU is a system user of the client business in the world's index (so `/me`, visibility,
 * usage and `debug_token` treat it as one), whose roles are exactly the shared assets. The
 * installs themselves live here and in the state file, never in the world: the world is Meta's
 * data as a test built it.
 */
import { randomInt } from 'node:crypto';
import { ASSET_TYPES, assetTypesOf, type AssetType, type LoginConfiguration } from './configurations.ts';
import type { Deliverer } from './deliverer.ts';
import type { Delivery } from './deliveries.ts';
import { ASSET_KINDS, type AssetKind, type AssetRef, type EmulatorState, type SecurityEvent, type WorldIndex } from './state.ts';
import type { WorldApp } from './world.ts';

export interface Integration {
  /** The BISU's id. */
  id: string;
  name: string;
  appId: string;
  businessId: string;
  /** The configuration of the last install. */
  configId: string;
  permissions: string[];
  expiresIn60Days: boolean;
  /** The shared assets' ids, in the order `shareableAssets` lists them. */
  shared: string[];
  /** Virtual epoch ms. */
  installedAt: number;
  /** The uninstall: every token of the BISU is refused from then on (190/458). */
  uninstalled?: SecurityEvent;
}

export interface IntegrationDeps {
  state: EmulatorState;
  deliverer: Deliverer;
}

/** An install, uninstall or share that cannot be done (the control API answers 400). */
export class IntegrationError extends Error {}

const KIND_OF: Record<AssetType, AssetKind> = { ad_accounts: 'adAccount', pages: 'page', pixels: 'pixel', catalogs: 'catalog' };

/**
 * What a business may share with an app, of the given types, in a stable order (ad accounts,
 * pages, pixels, catalogs; the world's order within each): the assets it owns, and the ad
 * accounts it has as a client (an agency's client accounts).
 */
export function shareableAssets(index: WorldIndex, businessId: string, types: readonly AssetType[] = ASSET_TYPES): AssetRef[] {
  const out: AssetRef[] = [];
  const seen = new Set<string>();
  const add = (id: string): void => {
    const ref = index.asset(id);
    if (ref && !seen.has(id)) {
      seen.add(id);
      out.push(ref);
    }
  };
  for (const type of ASSET_TYPES) {
    if (!types.includes(type)) continue;
    const kind = KIND_OF[type];
    for (const id of index.owned.get(businessId)?.[kind] ?? []) add(id);
    if (kind === 'adAccount') for (const id of index.clientAccounts.get(businessId) ?? []) add(id);
  }
  return out;
}

/** The install of this app in this business, while it is installed. */
export function activeIntegration(state: EmulatorState, appId: string, businessId: string): Integration | undefined {
  for (const integration of state.integrations.values()) {
    if (integration.appId === appId && integration.businessId === businessId && integration.uninstalled === undefined) return integration;
  }
  return undefined;
}

/** Puts the BISU in the index as a system user of the client business, seeing exactly its shared assets (none once uninstalled). */
export function registerIntegration(index: WorldIndex, integration: Integration): void {
  index.systemUsers.set(integration.id, { id: integration.id, name: integration.name, business: integration.businessId });
  const roles = index.rolesOf(index.systemRoles, integration.id);
  for (const kind of ASSET_KINDS) roles[kind].clear();
  if (integration.uninstalled === undefined) {
    for (const id of integration.shared) {
      const ref = index.asset(id);
      if (ref) roles[ref.kind].add(id);
    }
  }
  // Cached listings of this system user are stale now.
  index.version++;
}

function isTaken(state: EmulatorState, id: string): boolean {
  const index = state.index;
  return state.integrations.has(id) || index.users.has(id) || index.businesses.has(id) || index.systemUsers.has(id)
    || index.asset(id) !== undefined || index.campaigns.has(id) || index.apps.has(id);
}

/** A new system-user id shaped like Meta's (15 digits), unused in the world. */
function newIntegrationId(state: EmulatorState): string {
  for (;;) {
    const id = `6155${randomInt(10_000_000_000, 99_999_999_999)}`;
    if (!isTaken(state, id)) return id;
  }
}

/**
 * The `application` webhook for one change, when the app is subscribed to that field. One
 * business's deliveries go out in order (the delivery's chain key is the business id).
 */
function applicationWebhook(state: EmulatorState, app: WorldApp, businessId: string, field: string, value: Record<string, string>): Delivery[] {
  const subscription = state.subscriptions.get(app.id)?.get('application');
  if (!subscription?.fields.has(field)) return [];
  const body = JSON.stringify({ object: 'application', entry: [{ id: app.id, time: state.clock.nowSeconds(), changes: [{ field, value }] }] });
  return [state.deliveries.create({ appId: app.id, kind: 'webhook', url: subscription.callbackUrl, body, userId: businessId, createdAt: state.clock.now() })];
}

async function sent(deps: IntegrationDeps, deliveries: Delivery[]): Promise<Delivery[]> {
  deps.state.touch();
  await deps.deliverer.send(deliveries);
  return deliveries;
}

/** Orders and checks ids to share: each must be shareable (of the given types). */
function checkedShare(index: WorldIndex, businessId: string, types: readonly AssetType[], objects: readonly string[]): string[] {
  const shareable = shareableAssets(index, businessId, types).map((ref) => ref.asset.id);
  const unknown = objects.find((id) => !shareable.includes(id));
  if (unknown !== undefined) throw new IntegrationError(`${unknown} is not an asset business ${businessId} can share (${types.join(', ')})`);
  return shareable.filter((id) => objects.includes(id));
}

export interface Installed {
  integration: Integration;
  /** True for a new BISU; false when the app was installed in the business already. */
  created: boolean;
  deliveries: Delivery[];
}

/**
 * Installs the app in the business (the dialog's consent for a system-user configuration):
 * a new BISU and `business_integration_install`, or, when it is installed already, the same BISU
 * with the new selection (and `business_integration_update` when the shared assets changed).
 */
export async function install(deps: IntegrationDeps, app: WorldApp, config: LoginConfiguration, businessId: string, objects: readonly string[]): Promise<Installed> {
  const { state } = deps;
  const shared = checkedShare(state.index, businessId, assetTypesOf(config), objects);
  const existing = activeIntegration(state, app.id, businessId);
  const integration: Integration = existing ?? {
    id: newIntegrationId(state), name: app.name, appId: app.id, businessId, configId: config.id, permissions: [], expiresIn60Days: false, shared: [], installedAt: state.clock.now(),
  };
  const changed = existing !== undefined && (existing.shared.length !== shared.length || existing.shared.some((id, i) => shared[i] !== id));
  Object.assign(integration, { configId: config.id, permissions: [...config.permissions], expiresIn60Days: config.expiresIn60Days === true, shared });
  state.integrations.set(integration.id, integration);
  registerIntegration(state.index, integration);
  const deliveries = existing === undefined
    ? applicationWebhook(state, app, businessId, 'business_integration_install', { business_manager_id: businessId, tp_config_id: config.id })
    : changed ? applicationWebhook(state, app, businessId, 'business_integration_update', { business_manager_id: businessId }) : [];
  return { integration, created: existing === undefined, deliveries: await sent(deps, deliveries) };
}

function installed(state: EmulatorState, app: WorldApp, businessId: string): Integration {
  const integration = activeIntegration(state, app.id, businessId);
  if (!integration) throw new IntegrationError(`${app.name} is not installed in business ${businessId}`);
  return integration;
}

/** The client removes the app in Business Settings → Integrations → Connected apps. */
export async function uninstall(deps: IntegrationDeps, app: WorldApp, businessId: string): Promise<{ integration: Integration; deliveries: Delivery[] }> {
  const { state } = deps;
  const integration = installed(state, app, businessId);
  integration.uninstalled = state.event();
  registerIntegration(state.index, integration);
  const deliveries = applicationWebhook(state, app, businessId, 'business_integration_uninstall', { business_manager_id: businessId });
  return { integration, deliveries: await sent(deps, deliveries) };
}

/** The client adds (share) or removes assets of the installed app; `business_integration_update` when anything changed. */
export async function share(deps: IntegrationDeps, app: WorldApp, businessId: string, objects: readonly string[], grant: boolean): Promise<{ integration: Integration; changed: string[]; deliveries: Delivery[] }> {
  const { state } = deps;
  const integration = installed(state, app, businessId);
  const config = app.configurations?.find((c) => c.id === integration.configId);
  const asked = checkedShare(state.index, businessId, config ? assetTypesOf(config) : ASSET_TYPES, objects);
  const changed = asked.filter((id) => integration.shared.includes(id) !== grant);
  if (changed.length === 0) return { integration, changed, deliveries: [] };
  const next = new Set(integration.shared);
  for (const id of changed) {
    if (grant) next.add(id);
    else next.delete(id);
  }
  integration.shared = shareableAssets(state.index, businessId).map((ref) => ref.asset.id).filter((id) => next.has(id));
  registerIntegration(state.index, integration);
  const deliveries = applicationWebhook(state, app, businessId, 'business_integration_update', { business_manager_id: businessId });
  return { integration, changed, deliveries: await sent(deps, deliveries) };
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** An install as the control API shows it. */
export function integrationView(integration: Integration): Record<string, unknown> {
  return {
    appId: integration.appId,
    systemUserId: integration.id,
    name: integration.name,
    configId: integration.configId,
    permissions: integration.permissions,
    expiresIn60Days: integration.expiresIn60Days,
    shared: integration.shared,
    installedAt: iso(integration.installedAt),
    uninstalledAt: iso(integration.uninstalled?.at),
  };
}
