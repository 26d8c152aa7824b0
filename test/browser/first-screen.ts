import type { Page } from 'playwright-core';

/** The README's image: the demo's Meta Users page on the first sign-in, at this size. */
export const FIRST_SCREEN_SIZE = { width: 1440, height: 1320 };

/**
 * The first screen as the README shows it: the Meta Users page with every profile's row and the
 * notice loaded, nothing still loading. `npm run docs:screenshot` photographs it; the demo's
 * browser test checks what it shows, and writes nothing.
 */
export async function showFirstScreen(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/meta-users`);
  await page.locator('[data-testid=meta-user-row]').nth(5).waitFor();
  await page.getByTestId('attention-notice').waitFor();
  await page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
  await page.evaluate(() => document.fonts.ready);
  // The title has the focus after signing in: a screenshot shows no focus ring.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}
