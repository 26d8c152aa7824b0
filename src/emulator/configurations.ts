/**
 * Facebook Login for Business configurations, as an app defines them in Meta's App Dashboard: the
 * token type (a User access token, or a System-user access token for a Business Integration
 * System User), whether a system-user token expires in 60 days, the permissions, and the asset
 * types the client business is asked to share. The OAuth dialog takes a configuration's id as
 * `config_id` instead of `scope`.
 */
import { ALWAYS_GRANTED, KNOWN_PERMISSIONS } from './permissions.ts';
import { WorldError } from './world-error.ts';

export type TokenType = 'user' | 'system_user';
/** The asset types the emulator models, named like their Graph edges. */
export type AssetType = 'ad_accounts' | 'pages' | 'pixels' | 'catalogs';
export const ASSET_TYPES: readonly AssetType[] = ['ad_accounts', 'pages', 'pixels', 'catalogs'];

export interface LoginConfiguration {
  id: string;
  tokenType: TokenType;
  /** System-user configurations only: the token expires 60 days after it is issued (default: never). */
  expiresIn60Days?: boolean;
  permissions: string[];
  /** System-user configurations only: what the client business may share. Default: every type. */
  assetTypes?: AssetType[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringArray(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s !== '')) throw new WorldError(`${where} must be an array of non-empty strings`);
  return [...new Set(v as string[])];
}

function parseOne(v: unknown, where: string): LoginConfiguration {
  if (!isObj(v)) throw new WorldError(`${where} must be an object`);
  const id = typeof v.id === 'number' && Number.isFinite(v.id) ? String(v.id) : v.id;
  if (typeof id !== 'string' || id === '') throw new WorldError(`${where}.id must be a non-empty string`);
  if (v.tokenType !== 'user' && v.tokenType !== 'system_user') throw new WorldError(`${where}.tokenType must be "user" or "system_user"`);
  const permissions = stringArray(v.permissions, `${where}.permissions`);
  const unknown = permissions.find((p) => !KNOWN_PERMISSIONS.has(p));
  if (unknown !== undefined) throw new WorldError(`${where}.permissions: unknown permission ${unknown}`);
  // Meta: "at least one other supported permission must be included" beside email and public_profile.
  if (!permissions.some((p) => !ALWAYS_GRANTED.has(p))) throw new WorldError(`${where}.permissions must include a permission other than email and public_profile`);
  const config: LoginConfiguration = { id, tokenType: v.tokenType, permissions };
  if (v.tokenType === 'user') {
    if (v.expiresIn60Days !== undefined || v.assetTypes !== undefined) {
      throw new WorldError(`${where}: expiresIn60Days and assetTypes belong to system_user configurations`);
    }
    return config;
  }
  // Meta's table of Facebook Login for Business permissions: email is "N/A" for Business
  // Integration System User tokens (a system user has no email).
  if (permissions.includes('email')) throw new WorldError(`${where}.permissions: email is not available to system_user configurations`);
  if (v.expiresIn60Days !== undefined) {
    if (typeof v.expiresIn60Days !== 'boolean') throw new WorldError(`${where}.expiresIn60Days must be a boolean`);
    config.expiresIn60Days = v.expiresIn60Days;
  }
  if (v.assetTypes !== undefined) {
    const types = stringArray(v.assetTypes, `${where}.assetTypes`);
    const bad = types.find((t) => !(ASSET_TYPES as readonly string[]).includes(t));
    if (bad !== undefined) throw new WorldError(`${where}.assetTypes: unknown asset type ${bad} (one of ${ASSET_TYPES.join(', ')})`);
    if (types.length === 0) throw new WorldError(`${where}.assetTypes must not be empty`);
    config.assetTypes = types as AssetType[];
  }
  return config;
}

/** Validates an app's `configurations` (absent or null: none). Ids are unique within the list. */
export function parseConfigurations(v: unknown, where: string): LoginConfiguration[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new WorldError(`${where} must be an array`);
  const out = v.map((c, i) => parseOne(c, `${where}[${i}]`));
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.id)) throw new WorldError(`${where}: duplicate configuration id ${c.id}`);
    seen.add(c.id);
  }
  return out;
}

/** The asset types a configuration offers to share. */
export function assetTypesOf(config: LoginConfiguration): readonly AssetType[] {
  return config.assetTypes ?? ASSET_TYPES;
}
