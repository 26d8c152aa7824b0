/**
 * Meta's published API versions and the day each stops being served: the one place to update
 * when Meta releases a version or announces an end date. Both the service (which warns operators
 * before its configured version ends) and the emulator (which plays Meta retiring one) read it,
 * so this module is pure data and pure functions and imports nothing.
 *
 * Sources, as read on 2026-12-06:
 * - Graph API: https://developers.facebook.com/docs/graph-api/changelog/versions/ ("Available
 *   Until"). The latest Graph API version it lists is v26.0.
 * - Marketing API: https://developers.facebook.com/documentation/ads-commerce/marketing-api/marketing-api-changelog/versions
 *   ("Expiration Date"): much sooner than the Graph API's, and the one that ends Ads API calls.
 * `null` = Meta has not announced the end yet ("TBD").
 *
 * The Marketing API lists v27.0 (4 November 2026) while the Graph API changelog above names v26.0
 * as its latest, so the newest version both serve — the default — is v26.0.
 */

export interface ApiVersionFacts {
  /** `v26.0` */
  version: string;
  /** YYYY-MM-DD */
  releasedOn: string;
  /** The last day the Graph API serves it (YYYY-MM-DD), or null while Meta says TBD. */
  graphUntil: string | null;
  /** The Marketing (Ads) API's end for it, or null: TBD, or not a Marketing API version. */
  marketingUntil: string | null;
  /** Whether the Marketing API publishes this version at all. */
  marketing: boolean;
  /** Whether the Graph API publishes this version at all. */
  graph: boolean;
}

export const API_VERSIONS: readonly ApiVersionFacts[] = [
  { version: 'v27.0', releasedOn: '2026-11-04', graph: false, graphUntil: null, marketing: true, marketingUntil: null },
  { version: 'v26.0', releasedOn: '2026-07-29', graph: true, graphUntil: null, marketing: true, marketingUntil: null },
  { version: 'v25.0', releasedOn: '2026-02-18', graph: true, graphUntil: '2028-07-29', marketing: true, marketingUntil: '2027-02-23' },
  { version: 'v24.0', releasedOn: '2025-10-08', graph: true, graphUntil: '2028-02-18', marketing: true, marketingUntil: '2026-11-10' },
  { version: 'v23.0', releasedOn: '2025-05-29', graph: true, graphUntil: '2027-10-08', marketing: true, marketingUntil: '2026-06-09' },
  { version: 'v22.0', releasedOn: '2025-01-21', graph: true, graphUntil: '2027-05-20', marketing: true, marketingUntil: '2026-02-19' },
  { version: 'v21.0', releasedOn: '2024-10-02', graph: true, graphUntil: '2027-01-21', marketing: true, marketingUntil: '2025-09-09' },
  { version: 'v20.0', releasedOn: '2024-05-21', graph: true, graphUntil: '2026-09-24', marketing: true, marketingUntil: '2025-05-06' },
  { version: 'v19.0', releasedOn: '2024-01-23', graph: true, graphUntil: '2026-05-21', marketing: true, marketingUntil: '2025-02-04' },
  { version: 'v18.0', releasedOn: '2023-09-12', graph: true, graphUntil: '2026-01-26', marketing: true, marketingUntil: '2024-08-13' },
  { version: 'v17.0', releasedOn: '2023-05-23', graph: true, graphUntil: '2025-09-12', marketing: true, marketingUntil: '2024-05-14' },
  { version: 'v16.0', releasedOn: '2023-02-02', graph: true, graphUntil: '2025-05-14', marketing: true, marketingUntil: '2024-02-06' },
];

/** The version this service calls unless `META_GRAPH_VERSION` says otherwise: the newest both APIs serve. */
export const DEFAULT_GRAPH_VERSION = 'v26.0';

/** `v26.0` → [26, 0]; undefined when it does not look like a Graph version. */
export function parseVersion(version: string): [number, number] | undefined {
  const match = /^v(\d{1,3})\.(\d{1,2})$/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** Negative when a is older than b. Both must parse. */
export function compareVersions(a: string, b: string): number {
  const [am, an] = parseVersion(a) ?? [0, 0];
  const [bm, bn] = parseVersion(b) ?? [0, 0];
  return am === bm ? an - bn : am - bm;
}

export function factsOf(version: string): ApiVersionFacts | undefined {
  return API_VERSIONS.find((facts) => facts.version === version);
}

/** The newest version of either API, the one Meta's 2635 message names ("update to the latest version"). */
export function newestVersion(api: 'graph' | 'marketing'): string {
  const newest = API_VERSIONS.filter((facts) => facts[api]).sort((a, b) => compareVersions(b.version, a.version))[0];
  return newest!.version;
}

/**
 * The end of a version for this service: the earlier of the two APIs' end dates (an Ads call
 * fails at the Marketing API's end, everything at the Graph API's), as the first instant after the
 * last day it is available, UTC. null when neither date is announced, or the version is unknown.
 */
export function endOf(version: string): { endsAt: Date; api: 'graph' | 'marketing' } | null {
  const facts = factsOf(version);
  if (!facts) return null;
  const candidates: Array<{ endsAt: Date; api: 'graph' | 'marketing' }> = [];
  if (facts.graphUntil) candidates.push({ endsAt: dayAfter(facts.graphUntil), api: 'graph' });
  if (facts.marketingUntil) candidates.push({ endsAt: dayAfter(facts.marketingUntil), api: 'marketing' });
  candidates.sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime());
  return candidates[0] ?? null;
}

function dayAfter(day: string): Date {
  const at = new Date(`${day}T00:00:00.000Z`);
  at.setUTCDate(at.getUTCDate() + 1);
  return at;
}
