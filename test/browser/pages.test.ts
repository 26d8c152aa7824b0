import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/accounts.ts';
import { contractFakes, NOTIFICATIONS } from './fixtures.ts';
import { contrastOf, launchBrowser, openPage, PHONE, screenshot, signIn, skipBrowser, startWebServer, type WebServer } from './helpers.ts';

/**
 * Every page on the states of the API contract (statuses, blocked reasons, refusals), in English,
 * on a desktop and at 375 px. The answers come from fixtures in front of the real service.
 */
describe.skipIf(skipBrowser)('web UI in Chromium: pages on contract data (English)', () => {
  let browser: Browser;
  let server: WebServer;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const state = { notifications: NOTIFICATIONS(), statusCalls: [] as string[] };

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startWebServer({ fake: contractFakes(state) })]);
    await createUser(server.database.db, { workspace: 'Northwind', email: 'emma@northwind.test', password: 'emma-password', role: 'admin', locale: 'en', name: 'Emma Clarke' });
    ({ context, page, problems } = await openPage(browser, { locale: 'en-GB' }));
    await signIn(page, server.url, 'emma@northwind.test', 'emma-password');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const row = (name: string) => page.locator('[data-testid=meta-user-row]').filter({ has: page.getByRole('link', { name, exact: true }) });

  it('Meta Users: status badges in AA contrast, token types, Business Managers, expiry, warnings, Reconnect where it helps', async () => {
    await page.goto(`${server.url}/meta-users`);
    await page.getByRole('heading', { level: 1, name: 'Meta Users' }).waitFor();
    await row('Emma Clarke').waitFor();
    // The list comes a page at a time: the fourth profile is on the second page.
    expect(await page.locator('.profile-count').textContent()).toBe('First 3 profiles');
    expect(await row('Aurora Sync').count()).toBe(0);
    await page.getByTestId('show-more').click();
    await row('Aurora Sync').waitFor();
    expect(await page.locator('.profile-count').textContent()).toBe('4 profiles');
    expect(await page.getByTestId('show-more').count()).toBe(0);
    expect(await page.locator('.profiles thead th').allTextContents()).toEqual(['Profile', 'Token status', 'Token type', 'Business Managers', 'Expires', 'Actions']);

    const giulia = row('Giulia Rossi');
    expect(await giulia.locator('.badge').textContent()).toBe('Active');
    expect(await giulia.locator('.expiry-rel').textContent()).toBe('in 5 days');
    expect(await giulia.locator('.warning-chip').allTextContents()).toEqual(['Needs reconnect', '1 permission missing']);
    // Reconnect is a link straight to Meta's dialog for the profile (one click), naming whom to log in as.
    const giuliaReconnect = giulia.getByRole('link', { name: 'Reconnect — Giulia Rossi' });
    expect(await giuliaReconnect.getAttribute('href')).toBe('/connect/meta/reconnect/u1');
    expect(await giuliaReconnect.getAttribute('title')).toBe('Meta’s dialog opens: log in there as Giulia Rossi.');

    const marco = row('Marco Bianchi');
    expect(await marco.locator('.badge').textContent()).toBe('Inactive');
    expect(await marco.textContent()).toContain('No Business Manager');
    // Inactive and Expired differ: the cause in the service's words, and how the token stopped.
    expect(await marco.locator('.status-cause').textContent()).toBe('Meta session invalid (API session error) (102)');
    expect(await marco.locator('.expiry-rel').textContent()).toMatch(/^Disabled on /);
    expect(await marco.getByRole('link', { name: 'Reconnect — Marco Bianchi' }).count()).toBe(1);

    const emma = row('Emma Clarke');
    expect(await emma.locator('.badge').textContent()).toBe('Expired');
    expect(await emma.getByRole('link', { name: 'Reconnect — Emma Clarke' }).count()).toBe(1);
    expect(await emma.locator('.status-cause').textContent()).toBe('Password changed on Meta (190/460)');
    expect(await emma.locator('.expiry-rel').textContent()).toMatch(/^Expired on /);
    expect(await emma.getByTestId('impact').textContent()).toBe('1 ad account affected, 1 not covered by another profile');

    const system = row('Aurora Sync');
    expect(await system.textContent()).toContain('System User');
    expect(await system.textContent()).toContain('Never expires');
    expect(await system.locator('.chip').allTextContents()).toEqual(['Agenzia Aurora Digitale', 'Northwind Retail Ltd']);
    expect(await system.getByRole('link', { name: /Reconnect/ }).count()).toBe(0);

    for (const badge of ['.badge-active', '.badge-inactive', '.badge-expired', '.warning-chip', '.chip', '.profile-id', '.expiry-rel']) {
      expect(await contrastOf(page, badge), badge).toBeGreaterThanOrEqual(4.5);
    }
    await screenshot(page, 'meta-users-states-en');
  });

  it('says what happened after the round trip through Meta, in words, and clears the query', async () => {
    const cases: Array<[string, string]> = [
      ['result=connected&profile=u1', 'Your Meta profile is connected.'],
      ['result=reconnected&profile=u1', 'Your Meta profile is reconnected.'],
      ['result=connected&flow=business&profile=u1', 'The business is connected: its System User token (business integration) now serves the assets it shares with Wevion.'],
      ['result=reconnected&flow=business&profile=u1', 'The business is reconnected: the fresh System User token now serves the assets it shares;'],
      ['result=cancelled', 'The connection was cancelled on Meta. Nothing changed.'],
      ['result=different_account&expected=Giulia+Rossi&actual=Mark+Doe', 'You signed in on Meta as Mark Doe, but this profile belongs to Giulia Rossi, so nothing was changed.'],
      ['result=error&reason=state_expired&message=Too+slow', 'The connection did not complete: the Meta sign-in took too long.'],
      ['result=error&reason=something_new&message=Meta+said+no', 'The connection did not complete: Meta said no'],
    ];
    for (const [query, text] of cases) {
      await page.goto(`${server.url}/meta-users?${query}#_=_`);
      const alert = page.locator('main .alert').first();
      await alert.waitFor();
      expect(await alert.textContent(), query).toContain(text);
      await expect.poll(() => page.url()).toBe(`${server.url}/meta-users`);
    }
    await screenshot(page, 'meta-users-result-error-en');
    await page.getByRole('button', { name: 'Dismiss' }).first().click();
    expect(await page.locator('main .alert').count()).toBe(0);
  });

  it('profile detail: the timeline says the cause in words with Meta codes; every requested permission is listed', async () => {
    await page.goto(`${server.url}/meta-users/u2`);
    await page.getByRole('heading', { level: 1, name: 'Marco Bianchi' }).waitFor();
    const items = page.locator('.timeline-item');
    await items.first().waitFor();
    expect(await items.count()).toBe(3);
    const latest = await items.first().textContent();
    expect(latest).toContain('Status changed');
    // The service's words for 102 (meta/token-causes.ts), no longer a sentence of the UI's own.
    expect(latest).toContain('Meta session invalid (API session error) (102)');
    expect(latest).toContain('Meta trace AbCdEf123');
    expect(await items.nth(1).textContent()).toContain('Renewed automatically');
    expect(await page.locator('.permission').count()).toBe(14);
    expect(await page.locator('#overview').textContent()).toContain('Meta session invalid (API session error) (102)');
    expect(await page.locator('.alert-danger').first().textContent()).toContain('This token was disabled');
    await screenshot(page, 'meta-user-inactive-en');

    // Sync now on a profile that is not Active: nothing to check, said as something to act on.
    await page.getByRole('button', { name: 'Sync now' }).click();
    const inactiveSync = page.locator('#sync-result .alert-warning');
    await inactiveSync.waitFor();
    expect(await inactiveSync.textContent()).toContain('Sync finished: something needs attention');
    expect(await inactiveSync.textContent()).toContain('The token is not Active, so there was nothing to check: reconnect the profile.');
    expect(await inactiveSync.textContent()).not.toContain('Assets');

    // On an Active one: renewed, and what changed in its assets.
    await page.goto(`${server.url}/meta-users/u1`);
    await page.getByRole('heading', { level: 1, name: 'Giulia Rossi' }).waitFor();
    await expect.poll(() => page.getByTestId('last-sync').textContent()).toBe('5 minutes ago');
    await page.getByRole('button', { name: 'Sync now' }).click();
    const activeSync = page.locator('#sync-result .alert-success');
    await activeSync.waitFor();
    expect(await activeSync.locator('li').allTextContents()).toEqual(['Meta confirmed that the token works.', 'The token was renewed.', 'Assets: 1 ad account added, 2 pages removed.']);

    await page.goto(`${server.url}/meta-users/u3`);
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('Password changed on Meta (190/460)');
    await page.goto(`${server.url}/meta-users/nope`);
    await page.getByRole('heading', { level: 1, name: 'Profile not found' }).waitFor();
  });

  it('notifications: unread in the bell, mark read, resolved ones shown as such, each linking to its profile', async () => {
    await page.goto(`${server.url}/notifications`);
    const bell = page.locator('.bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications: 2 unread');
    const items = page.locator('[data-testid=notification]');
    await items.first().waitFor();
    expect(await items.count()).toBe(3);
    expect(await items.first().textContent()).toContain('Meta token deactivated — Reconnect your Meta profile');
    // The profile, the cause and what stops working, as the API gives them since issue 9.
    const facts = await items.first().locator('.notification-facts').textContent();
    expect(facts).toContain('ProfileMarco Bianchi');
    expect(facts).toContain('CauseMeta invalidated the session');
    expect(facts).toContain('What stops workingUntil you reconnect, data sync stops');
    const resolved = items.filter({ hasText: 'Meta profile active again' });
    expect(await resolved.getAttribute('data-state')).toBe('resolved');
    expect(await resolved.textContent()).toContain('Resolved');
    expect(await resolved.textContent()).toContain('What works againNothing is blocked any more');
    expect(await resolved.textContent()).not.toContain('What stops working');
    await screenshot(page, 'notifications-en');
    await items.first().getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications: 1 unread');
    expect(state.notifications.find((n) => n.id === 'n2')?.readAt).toBeTruthy();
    // An open problem: Reconnect in one click (Meta's dialog for that profile), saying whom to log in as.
    const expired = items.filter({ hasText: 'Meta token expired' });
    expect(await expired.getByRole('link', { name: 'Reconnect — Emma Clarke' }).getAttribute('href')).toBe('/connect/meta/reconnect/u3');
    expect(await expired.locator('.notification-hint').textContent()).toBe('Meta’s dialog opens: log in there as Emma Clarke.');
    // A resolved one opens its profile.
    await resolved.getByRole('link', { name: 'Open profile' }).click();
    await page.waitForURL(/\/meta-users\/u1$/);
    await page.getByRole('heading', { level: 1, name: 'Giulia Rossi' }).waitFor();
  });

  it('ad accounts: sync state and blocked reasons in words; a blocked account still shows its spend chart and explains a refused Pause', async () => {
    await page.goto(`${server.url}/ad-accounts`);
    const rows = page.locator('[data-testid=ad-account-row]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(4);
    expect(await rows.nth(0).textContent()).toContain('Syncing');
    expect(await rows.nth(1).textContent()).toContain('Blocked: Token expired');
    expect(await rows.nth(2).textContent()).toContain('Blocked: No access');
    expect(await rows.nth(2).textContent()).toContain('Never synced');
    expect(await rows.nth(3).textContent()).toContain('Blocked: Permission declined');
    expect(await contrastOf(page, '.pill-blocked')).toBeGreaterThanOrEqual(4.5);
    await screenshot(page, 'ad-accounts-en');

    await rows.nth(1).getByRole('link', { name: 'Northwind UK – Always On' }).click();
    await page.getByRole('heading', { level: 1, name: 'Northwind UK – Always On' }).waitFor();
    const blocked = page.locator('.alert-warning').first();
    expect(await blocked.textContent()).toContain('The Meta token that reaches this account has expired.');
    // The profile's name comes from its own query, which may answer after the account's.
    await blocked.getByRole('link', { name: 'Open Emma Clarke' }).waitFor();
    expect(await blocked.getByRole('link', { name: 'Open Emma Clarke' }).count()).toBe(1);
    // The stored history is still drawn: one bar per day of the period.
    const bars = page.locator('.chart-bar');
    await bars.first().waitFor();
    expect(await bars.count()).toBe(30);
    // In the account's currency (GBP), as Meta's ad account says it.
    expect(await page.locator('.chart-caption').textContent()).toMatch(/^Daily spend from .* to .*: £[\d,.]+ in total\.$/);
    expect(await page.getByTestId('total-spend').textContent()).toMatch(/^£[\d,.]+$/);
    expect(await page.locator('#spend').textContent()).toContain('Showing the data synced before the account was blocked.');
    await page.getByText('Show the figures as a table').click();
    expect(await page.locator('.chart-table tbody tr').count()).toBe(30);
    await page.getByRole('button', { name: '7 days', exact: true }).click();
    await expect.poll(() => bars.count()).toBe(7);
    await page.getByRole('button', { name: '30 days', exact: true }).click();
    await expect.poll(() => bars.count()).toBe(30);

    await page.getByRole('button', { name: 'Pause — Brand awareness – UK' }).click();
    const refusal = page.locator('#campaigns .alert-danger');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(
      'Wevion could not pause “Brand awareness – UK”: the Meta token for this account has expired. Reconnect the profile, then try again. The campaign keeps running on Meta as it is.',
    );
    expect(state.statusCalls).toContain(`c3:PAUSED:${server.url}`);
    await screenshot(page, 'ad-account-blocked-en');
  });

  it('a healthy account pauses and resumes a campaign', async () => {
    await page.goto(`${server.url}/ad-accounts/a1`);
    await page.getByRole('button', { name: 'Pause — Pranzo di lavoro – Bologna centro' }).click();
    await page.locator('.toast').filter({ hasText: '“Pranzo di lavoro – Bologna centro” is paused.' }).waitFor();
    await page.getByRole('button', { name: 'Resume — Pranzo di lavoro – Bologna centro' }).click();
    await page.locator('.toast').filter({ hasText: 'is running again.' }).waitFor();
    expect(await page.locator('#campaigns .alert-danger').count()).toBe(0);
  });

  it('a one-click action that fails says why in a toast and can be tried again (useAction)', async () => {
    // The fixture profile is unknown to the real service behind the fakes: removing it answers 404.
    await page.goto(`${server.url}/meta-users/u3`);
    await page.getByRole('heading', { level: 1, name: 'Emma Clarke' }).waitFor();
    await page.getByRole('button', { name: 'Remove profile' }).click();
    const remove = page.getByRole('button', { name: 'Yes, remove' });
    await remove.click();
    const toast = page.locator('.toast-danger').filter({ hasText: 'This was not found. It may have been removed.' });
    await toast.waitFor();
    expect(await toast.getAttribute('role')).toBe('alert');
    // Busy only while the call was on its way: the button is back, with its own words.
    expect(await remove.isDisabled()).toBe(false);
    expect(await remove.textContent()).toBe('Yes, remove');
    await toast.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.locator('.toast-danger').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('every page fits 375 px without sideways scrolling', async () => {
    const phone = await openPage(browser, { viewport: PHONE, locale: 'en-GB' });
    await signIn(phone.page, server.url, 'emma@northwind.test', 'emma-password');
    for (const [path, name] of [
      ['/meta-users', 'meta-users-states-375'],
      ['/meta-users/u1', 'meta-user-detail-375'],
      ['/ad-accounts', 'ad-accounts-375'],
      ['/ad-accounts/a2', 'ad-account-blocked-375'],
      ['/notifications', 'notifications-375'],
    ] as const) {
      await phone.page.goto(`${server.url}${path}`);
      await phone.page.getByRole('heading', { level: 1 }).waitFor();
      await phone.page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
      await phone.page.waitForLoadState('networkidle');
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
      await screenshot(phone.page, name);
    }
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });

  it('ran without a console error or CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
