import { QueryClient } from '@tanstack/react-query';

/**
 * The UI's one cache of server answers. No automatic retries: a failed load shows its error panel
 * (with Retry) at once, as it always has, instead of three silent attempts. Data is stale at once,
 * so a page shown again shows what it had and asks again; queries that poll say so themselves.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: 0, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
