import type { ChangeFeed } from './change-feed.ts';

/**
 * A read cache kept exact by the change feed: entries are grouped by topic (one workspace's
 * profiles, the credentials) and a topic's entries are dropped when a commit touching it is
 * heard. A value is served from memory only when the feed is in sync with the database, and is
 * kept only when nothing touched its topic while it was being read; otherwise the loader runs.
 */
export interface ReadCache<V> {
  /** `since`: see `ChangeFeed.sync`; a request passes when it arrived. */
  get(topic: string, key: string, load: () => Promise<V>, since?: number): Promise<V>;
}

export function createReadCache<V>(
  feed: ChangeFeed,
  options: {
    /** The topic a notification payload touches; undefined when it is not this cache's business. */
    topicOf(payload: string): string | undefined;
    /** Past this many entries everything is dropped: a bound on memory, not an eviction policy. */
    maxEntries: number;
    /** Whether a loaded value may be kept (e.g. "not found" must not be). */
    keep?(value: V): boolean;
  },
): ReadCache<V> {
  let buckets = new Map<string, Map<string, V>>();
  let size = 0;
  feed.subscribe((payload) => {
    if (payload === null) {
      buckets = new Map();
      size = 0;
      return;
    }
    const topic = options.topicOf(payload);
    if (topic === undefined) return;
    const bucket = buckets.get(topic);
    if (!bucket) return;
    size -= bucket.size;
    buckets.delete(topic);
  });

  return {
    get: async (topic, key, load, since) => {
      if (!(await feed.sync(since))) return load();
      const hit = buckets.get(topic)?.get(key);
      if (hit !== undefined) return hit;
      // The bucket is created now and replaced (not emptied) when the topic changes, so a value
      // read across a change lands in a bucket nobody reads any more.
      let bucket = buckets.get(topic);
      if (!bucket) {
        bucket = new Map();
        buckets.set(topic, bucket);
      }
      const value = await load();
      if (buckets.get(topic) === bucket && (options.keep?.(value) ?? true)) {
        if (size >= options.maxEntries) {
          buckets = new Map([[topic, bucket]]);
          size = bucket.size;
        }
        if (!bucket.has(key)) size += 1;
        bucket.set(key, value);
      }
      return value;
    },
  };
}
