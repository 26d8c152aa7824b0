/**
 * Meta's API versions as the emulator plays them, from the one table in src/meta-facts/. A call
 * names a version in its path (`/v26.0/me`) or none (`/me`: the app's default version). Meta
 * stops serving a Graph version at its end date and then serves such calls as the oldest version
 * it still has (the `facebook-api-version` header names it); the Marketing API ends its versions
 * sooner, and an Ads API call to an ended one is refused with code 2635. The control API says
 * which versions are retired (`POST /__control/versions`), so a test plays an end date without
 * waiting for it.
 */
import { API_VERSIONS, DEFAULT_GRAPH_VERSION, compareVersions, newestVersion } from '../meta-facts/api-versions.ts';
import { GraphError } from './errors.ts';

/**
 * The version an unversioned call gets. On Meta it is the app's default version, chosen in the
 * App Dashboard; the emulator gives every app the service's default (an assumption, documented).
 */
export const APP_DEFAULT_VERSION = DEFAULT_GRAPH_VERSION;

const KNOWN: ReadonlySet<string> = new Set(API_VERSIONS.map((facts) => facts.version));
/** Newest first, as the table and every answer of the control API list them. */
const NEWEST_FIRST = API_VERSIONS.map((facts) => facts.version).sort((a, b) => compareVersions(b, a));
const GRAPH_OLDEST_FIRST = API_VERSIONS.filter((facts) => facts.graph).map((facts) => facts.version).sort(compareVersions);
const OLDEST_KNOWN = NEWEST_FIRST[NEWEST_FIRST.length - 1] ?? APP_DEFAULT_VERSION;

/** Whether Meta's table (src/meta-facts/) has this version. */
export function isTableVersion(version: string): boolean {
  return KNOWN.has(version);
}

/** `v26.0` → [26, 0]: any number of digits (the path's shape), unlike the table's stricter parser. */
function numbers(version: string): [number, number] | undefined {
  const match = /^v(\d+)\.(\d+)$/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** A well-shaped version older than every version of the table: long retired on Meta. */
function beforeTable(version: string): boolean {
  const v = numbers(version);
  const oldest = numbers(OLDEST_KNOWN);
  if (!v || !oldest) return false;
  return v[0] < oldest[0] || (v[0] === oldest[0] && v[1] < oldest[1]);
}

export class VersionError extends Error {}

export interface VersionsView {
  retired: string[];
  adsRetired: string[];
  /** The versions of the table the Graph API serves as themselves, newest first. */
  served: string[];
  /** The version an unversioned call asks for. */
  default: string;
  /** What a call to a retired version is served as: the oldest Graph version not retired. */
  fallback: string;
}

export class ApiVersions {
  readonly retired = new Set<string>();
  readonly adsRetired = new Set<string>();

  /**
   * The version that serves a call asking for `asked` (null: unversioned), or undefined when the
   * version is unknown to Meta (well shaped, not in the table, not older than all of it).
   */
  resolve(asked: string | null): string | undefined {
    const version = asked ?? APP_DEFAULT_VERSION;
    if (KNOWN.has(version)) return this.retired.has(version) ? this.fallback() : version;
    if (beforeTable(version)) return this.fallback();
    return undefined;
  }

  /** Whether an Ads API call asking for `asked` is refused with 2635: the version ASKED for is compared. */
  adsRefused(asked: string | null): boolean {
    const version = asked ?? APP_DEFAULT_VERSION;
    return this.adsRetired.has(version) || beforeTable(version);
  }

  fallback(): string {
    // set() refuses to retire every Graph version, so one is always left.
    return GRAPH_OLDEST_FIRST.find((version) => !this.retired.has(version)) ?? APP_DEFAULT_VERSION;
  }

  /** Replaces the lists given (a list left out stays as it is); nothing changes when one is invalid. */
  set(body: { retired?: unknown; adsRetired?: unknown }): void {
    const retired = body.retired === undefined ? undefined : versionList(body.retired, 'retired');
    const adsRetired = body.adsRetired === undefined ? undefined : versionList(body.adsRetired, 'adsRetired');
    if (retired && GRAPH_OLDEST_FIRST.every((version) => retired.includes(version))) {
      throw new VersionError('retired: at least one Graph API version must stay served');
    }
    if (retired) replace(this.retired, retired);
    if (adsRetired) replace(this.adsRetired, adsRetired);
  }

  clear(): void {
    this.retired.clear();
    this.adsRetired.clear();
  }

  view(): VersionsView {
    return {
      retired: NEWEST_FIRST.filter((version) => this.retired.has(version)),
      adsRetired: NEWEST_FIRST.filter((version) => this.adsRetired.has(version)),
      served: NEWEST_FIRST.filter((version) => !this.retired.has(version)),
      default: APP_DEFAULT_VERSION,
      fallback: this.fallback(),
    };
  }
}

function replace(target: Set<string>, items: string[]): void {
  target.clear();
  for (const item of items) target.add(item);
}

function versionList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new VersionError(`${name} must be an array of versions`);
  const unknown = (value as string[]).find((version) => !KNOWN.has(version));
  if (unknown !== undefined) throw new VersionError(`${name}: ${unknown} is not a version of Meta's table (${NEWEST_FIRST.join(', ')})`);
  return [...new Set(value as string[])];
}

/** Meta's answer to a version it does not have: the path, version included, is "unknown". */
export function unknownVersion(sentPath: string): GraphError {
  return new GraphError({ status: 400, code: 2500, message: `Unknown path components: ${sentPath}` });
}

/** Meta's answer to an Ads API call on a Marketing API version past its end (a body reported from real answers). */
export function adsVersionDeprecated(): GraphError {
  return new GraphError({
    status: 400,
    code: 2635,
    message: `(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: ${newestVersion('marketing')}.`,
  });
}
