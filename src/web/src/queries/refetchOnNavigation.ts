import { useEffect, useRef } from 'react';
import { useRouter } from '../router.tsx';

/**
 * A navigation is a moment to look again, without waiting for the poll: the bell, the notice and
 * the Meta app banner answer for the page the person just opened.
 */
export function useRefetchOnNavigation(refetch: () => unknown): void {
  const { pathname } = useRouter();
  const seenPath = useRef(pathname);
  useEffect(() => {
    if (seenPath.current === pathname) return;
    seenPath.current = pathname;
    void refetch();
  }, [pathname, refetch]);
}
