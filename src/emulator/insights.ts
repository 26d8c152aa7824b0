/**
 * `GET /{ad-account}/insights`: deterministic numbers, so tests can assert exact figures. Each
 * campaign has, for each day, impressions, clicks and spend derived from a hash of its id and
 * the date; account-level rows sum the account's campaigns. Metrics are strings, as Meta sends.
 */
import { invalidParam } from './errors.ts';
import { parseFields } from './nodes.ts';
import { paginate, type Paged, type PagingRequest } from './paging.ts';
import type { WorldIndex } from './state.ts';
import type { WorldAdAccount, WorldCampaign } from './world.ts';

const DAY_MS = 86_400_000;
const MAX_DAYS = 37 * 31;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface Day {
  impressions: number;
  clicks: number;
  spendCents: number;
}

/** One campaign's numbers for one day (UTC date "YYYY-MM-DD"). */
export function dailyNumbers(campaignId: string, date: string): Day {
  const h = fnv1a(`${campaignId}|${date}`);
  const impressions = 1000 + (h % 9000);
  const clicks = Math.floor((impressions * (5 + ((h >>> 8) % 25))) / 1000);
  const spendCents = Math.floor((impressions * (300 + ((h >>> 16) % 900))) / 1000);
  return { impressions, clicks, spendCents };
}

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const parseDate = (s: string): number => Date.parse(`${s}T00:00:00Z`);

function presetRange(preset: string, nowMs: number): [number, number] {
  const today = parseDate(isoDate(nowMs));
  const back = (days: number): [number, number] => [today - days * DAY_MS, today - DAY_MS];
  const d = new Date(today);
  switch (preset) {
    case 'today': return [today, today];
    case 'yesterday': return [today - DAY_MS, today - DAY_MS];
    case 'last_3d': return back(3);
    case 'last_7d': return back(7);
    case 'last_14d': return back(14);
    case 'last_28d': return back(28);
    case 'last_30d': return back(30);
    case 'last_90d': return back(90);
    case 'this_month': return [Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), today];
    case 'last_month': return [Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1), Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 0)];
    case 'maximum': return [today - 365 * DAY_MS, today];
    default: throw invalidParam(`date_preset must be one of the following values: today, yesterday, this_month, last_month, last_3d, last_7d, last_14d, last_28d, last_30d, last_90d, maximum`);
  }
}

function range(req: PagingRequest, nowMs: number): [number, number] {
  const raw = req.param('time_range');
  if (raw === undefined) return presetRange(req.param('date_preset') ?? 'last_30d', nowMs);
  let tr: unknown;
  try {
    tr = JSON.parse(raw);
  } catch {
    throw invalidParam('Param time_range must be a JSON object with since and until');
  }
  const since = (tr as { since?: unknown }).since;
  const until = (tr as { until?: unknown }).until;
  if (typeof since !== 'string' || typeof until !== 'string' || !DATE_RE.test(since) || !DATE_RE.test(until)) {
    throw invalidParam('Param time_range must be a JSON object with since and until dates (YYYY-MM-DD)');
  }
  const from = parseDate(since);
  const to = parseDate(until);
  if (Number.isNaN(from) || Number.isNaN(to) || from > to) throw invalidParam('Param time_range is invalid: since must not be after until');
  if ((to - from) / DAY_MS > MAX_DAYS) throw invalidParam('Param time_range is too long: the maximum is 37 months');
  return [from, to];
}

function buckets(req: PagingRequest, from: number, to: number): Array<[number, number]> {
  const inc = req.param('time_increment') ?? 'all_days';
  if (inc === 'all_days') return [[from, to]];
  if (inc === 'monthly') {
    const out: Array<[number, number]> = [];
    for (let s = from; s <= to;) {
      const d = new Date(s);
      const end = Math.min(to, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
      out.push([s, end]);
      s = end + DAY_MS;
    }
    return out;
  }
  const n = Number(inc);
  if (!Number.isInteger(n) || n < 1 || n > 90) throw invalidParam('Param time_increment must be all_days, monthly or an integer between 1 and 90');
  const out: Array<[number, number]> = [];
  for (let s = from; s <= to; s += n * DAY_MS) out.push([s, Math.min(to, s + (n - 1) * DAY_MS)]);
  return out;
}

function sum(campaigns: WorldCampaign[], from: number, to: number): Day {
  const total: Day = { impressions: 0, clicks: 0, spendCents: 0 };
  for (let d = from; d <= to; d += DAY_MS) {
    const date = isoDate(d);
    for (const c of campaigns) {
      const n = dailyNumbers(c.id, date);
      total.impressions += n.impressions;
      total.clicks += n.clicks;
      total.spendCents += n.spendCents;
    }
  }
  return total;
}

function metrics(t: Day): Record<string, string> {
  const spend = t.spendCents / 100;
  return {
    impressions: String(t.impressions),
    clicks: String(t.clicks),
    spend: spend.toFixed(2),
    reach: String(Math.floor(t.impressions * 0.7)),
    ctr: t.impressions ? ((t.clicks * 100) / t.impressions).toFixed(6) : '0',
    cpc: t.clicks ? (spend / t.clicks).toFixed(6) : '0',
    cpm: t.impressions ? ((spend * 1000) / t.impressions).toFixed(6) : '0',
  };
}

const DEFAULT_FIELDS = ['impressions', 'spend'];

export function adAccountInsights(index: WorldIndex, req: PagingRequest, act: WorldAdAccount, nowMs: number): Paged {
  const level = req.param('level') ?? 'account';
  if (!['account', 'campaign', 'adset', 'ad'].includes(level)) throw invalidParam('Param level must be one of {ad, adset, campaign, account}');
  const fields = parseFields(req.param('fields'))?.map((f) => f.name) ?? DEFAULT_FIELDS;
  const [from, to] = range(req, nowMs);
  const campaigns = (index.campaignsByAccount.get(act.id) ?? []).filter((c) => c.status !== 'DELETED');
  const accountId = act.id.slice('act_'.length);
  // Rows are built lazily per page: a long daily range over many campaigns is never
  // materialised beyond the keys.
  const spans = buckets(req, from, to);
  const groups: WorldCampaign[][] = level === 'account' ? (campaigns.length ? [campaigns] : []) : campaigns.map((c) => [c]);
  const keys: string[] = [];
  for (let i = 0; i < spans.length * groups.length; i++) keys.push(String(i));
  const render = (key: string): unknown => {
    const i = Number(key);
    const span = spans[Math.floor(i / groups.length)] ?? [from, to];
    const group = groups[i % groups.length] ?? [];
    const all: Record<string, string> = {
      account_id: accountId,
      account_name: act.name,
      account_currency: act.currency ?? 'EUR',
      ...metrics(sum(group, span[0], span[1])),
    };
    const first = group[0];
    if (level !== 'account' && first) {
      all.campaign_id = first.id;
      all.campaign_name = first.name;
    }
    const row: Record<string, string> = {};
    for (const f of fields) if (all[f] !== undefined) row[f] = all[f];
    row.date_start = isoDate(span[0]);
    row.date_stop = isoDate(span[1]);
    return row;
  };
  return paginate(req, keys, render);
}
