/**
 * Cursor paging as Meta does it: `{"data":[…],"paging":{"cursors":{…},"next":"<absolute URL>"}}`.
 * The only end signal is a missing `next`. A short page is NOT the end: Meta filters items
 * after applying the limit, so pages with fewer items than asked for are normal mid-list.
 */

export interface GraphPage<T> {
  data?: T[];
  paging?: { next?: string; cursors?: { before?: string; after?: string } };
}

/** Defensive bound: a server that keeps answering the same `next` would loop forever. */
const MAX_PAGES = 10_000;

export async function* followPages<T>(
  first: () => Promise<GraphPage<T>>,
  next: (url: string) => Promise<GraphPage<T>>,
): AsyncGenerator<T, void, undefined> {
  let page = await first();
  const seen = new Set<string>();
  for (let n = 0; n < MAX_PAGES; n++) {
    if (Array.isArray(page.data)) yield* page.data;
    const url = page.paging?.next;
    if (typeof url !== 'string' || url === '' || seen.has(url)) return;
    seen.add(url);
    page = await next(url);
  }
}
