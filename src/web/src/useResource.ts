import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  setData(update: (current: T | undefined) => T | undefined): void;
}

/**
 * Loads with `load` whenever `key` changes (null = nothing to load) and keeps the answer; a newer
 * request wins over an older one. `load` is a typed call (`call(client.GET(…))`), so `T` is the
 * document's type of that answer.
 */
export function useResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(key !== null);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    const id = ++latest.current;
    setLoading(true);
    loader.current(controller.signal).then(
      (value) => {
        if (id !== latest.current) return;
        setDataState(value);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (id !== latest.current || (failure as { name?: string }).name === 'AbortError') return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Paged<T> {
  first: Resource<Page<T>>;
  /** The first page and every page loaded after it; undefined until the first answers. */
  items: T[] | undefined;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): Promise<void>;
}

/**
 * A paged list as pages show it: the first page, and the next ones on request ("Show more").
 * A reload (or a new key) starts again from the first page.
 */
export function usePaged<T>(key: string | null, loadPage: (after: string | undefined, signal?: AbortSignal) => Promise<Page<T>>): Paged<T> {
  const first = useResource<Page<T>>(key, (signal) => loadPage(undefined, signal));
  const [more, setMore] = useState<{ after: Page<T>; items: T[]; next: string | null } | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const current = more && more.after === first.data ? more : undefined;
  const next = current ? current.next : (first.data?.nextCursor ?? null);
  const pageLoader = useRef(loadPage);
  pageLoader.current = loadPage;
  const loadMore = useCallback(async () => {
    if (!first.data || !next) return;
    setLoadingMore(true);
    try {
      const page = await pageLoader.current(next);
      setMore({ after: first.data, items: [...(current?.items ?? []), ...page.items], next: page.nextCursor });
    } finally {
      setLoadingMore(false);
    }
  }, [first.data, next, current]);
  const items = first.data ? [...first.data.items, ...(current?.items ?? [])] : undefined;
  return { first, items, hasMore: next !== null, loadingMore, loadMore };
}

/** Every page of a list, following the cursor in big pages (for name lookups and small lists). */
export async function loadAll<T>(loadPage: (after: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  do {
    const page = await loadPage(after);
    all.push(...page.items);
    after = page.nextCursor ?? undefined;
  } while (after);
  return all;
}
