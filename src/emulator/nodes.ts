/**
 * How Graph nodes look in answers, and `fields=` selection. Flat fields are honoured; a nested
 * selection such as `business{id,name}` filters the nested object one level down. Fields the
 * emulator does not model are left out of the answer (Meta would return them).
 */
import type { SystemUserRec, WorldIndex } from './state.ts';
import type { WorldAdAccount, WorldApp, WorldBusiness, WorldCampaign, WorldCatalog, WorldPage, WorldPixel, WorldUser } from './world.ts';

export interface FieldSpec {
  name: string;
  sub?: FieldSpec[];
}

/** Parses `id,name,business{id,name},campaigns.limit(5){name}` into a field tree. */
export function parseFields(raw: string | undefined): FieldSpec[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const out: FieldSpec[] = [];
  let depth = 0;
  let start = 0;
  const push = (part: string): void => {
    const p = part.trim();
    if (p === '') return;
    const brace = p.indexOf('{');
    const head = brace >= 0 ? p.slice(0, brace) : p;
    const name = (head.split('.')[0] ?? '').trim();
    if (name === '') return;
    const spec: FieldSpec = { name };
    if (brace >= 0 && p.endsWith('}')) spec.sub = parseFields(p.slice(brace + 1, -1)) ?? [];
    out.push(spec);
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '{' || ch === '(') depth++;
    else if (ch === '}' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      push(raw.slice(start, i));
      start = i + 1;
    }
  }
  push(raw.slice(start));
  return out;
}

type Obj = Record<string, unknown>;

/** Picks the requested fields (or the node's defaults) from a fully rendered node. */
export function select(full: Obj, fields: FieldSpec[] | undefined, defaults: readonly string[]): Obj {
  const out: Obj = {};
  if (!fields) {
    for (const name of defaults) if (full[name] !== undefined) out[name] = full[name];
    return out;
  }
  for (const f of fields) {
    const v = full[f.name];
    if (v === undefined) continue;
    if (f.sub && typeof v === 'object' && v !== null && !Array.isArray(v)) out[f.name] = select(v as Obj, f.sub, Object.keys(v));
    else out[f.name] = v;
  }
  // Graph always answers with the id of the node it read.
  if (full.id !== undefined && out.id === undefined && fields.length > 0) out.id = full.id;
  return out;
}

export const DEFAULTS = {
  app: ['link', 'name', 'id'],
  user: ['name', 'id'],
  systemUser: ['id', 'name', 'role'],
  business: ['id', 'name'],
  adAccount: ['account_id', 'id'],
  page: ['name', 'id'],
  myPage: ['access_token', 'category', 'category_list', 'name', 'id', 'tasks'],
  pixel: ['id', 'name'],
  catalog: ['id', 'name'],
  campaign: ['id'],
} as const;

export const PAGE_TASKS = ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'];

/** The Application node, with the fields of Meta's reference that the emulator can know. */
export function appNode(app: WorldApp): Obj {
  return { id: app.id, name: app.name, link: `https://www.facebook.com/games/?app_id=${app.id}` };
}

export function userNode(u: WorldUser, withEmail: boolean): Obj {
  const [first, ...rest] = u.name.split(' ');
  const node: Obj = { id: u.id, name: u.name, first_name: first ?? u.name, last_name: rest.join(' ') };
  if (withEmail) node.email = u.email;
  return node;
}

export function systemUserNode(s: SystemUserRec): Obj {
  return { id: s.id, name: s.name, role: 'ADMIN' };
}

export function businessNode(b: WorldBusiness): Obj {
  return { id: b.id, name: b.name, verification_status: 'not_verified' };
}

function businessRef(index: WorldIndex, id: string | undefined): Obj | undefined {
  const b = id !== undefined ? index.businesses.get(id) : undefined;
  return b ? { id: b.id, name: b.name } : undefined;
}

export function adAccountNode(index: WorldIndex, a: WorldAdAccount): Obj {
  return {
    id: a.id,
    account_id: a.id.slice('act_'.length),
    name: a.name,
    account_status: 1,
    currency: a.currency ?? 'EUR',
    timezone_name: a.timezone ?? 'Europe/Rome',
    business: businessRef(index, a.business),
    owner: a.business,
  };
}

export function pageNode(index: WorldIndex, p: WorldPage, extra: Obj = {}): Obj {
  const category = p.category ?? 'Brand';
  return {
    id: p.id,
    name: p.name,
    category,
    category_list: [{ id: '2211', name: category }],
    business: businessRef(index, p.business),
    ...extra,
  };
}

export function pixelNode(index: WorldIndex, p: WorldPixel): Obj {
  return { id: p.id, name: p.name, owner_business: businessRef(index, p.business), is_unavailable: false };
}

export function catalogNode(index: WorldIndex, c: WorldCatalog): Obj {
  return { id: c.id, name: c.name, vertical: 'commerce', business: businessRef(index, c.business) };
}

export function campaignNode(c: WorldCampaign): Obj {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    configured_status: c.status,
    effective_status: c.status,
    account_id: c.adAccount.slice('act_'.length),
    objective: c.objective ?? 'OUTCOME_SALES',
  };
}
