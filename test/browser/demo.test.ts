import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/accounts/accounts.ts';
import { startDemoService, type DemoService } from './demo-fixture.ts';
import { launchBrowser, openPage, screenshot, signIn, skipBrowser } from './helpers.ts';

// The README's image: written by this test on every run, so it shows what the demo really shows.
const FIRST_SCREEN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/images/first-screen.png');
const FIRST_SCREEN_SIZE = { width: 1440, height: 960 };

/**
 * The demo as a newcomer meets it: `npm start` without META_APP_ID, the demo account, and a
 * Meta Users page that already shows every state, each reached through the real lifecycle (the
 * seed). Then the tour's second step: reconnect the Expired profile through Meta's dialog.
 */
describe.skipIf(skipBrowser)('the demo in Chromium: the first screen shows every state', { timeout: 180_000 }, () => {
  let browser: Browser;
  let demo: DemoService;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [browser, demo] = await Promise.all([launchBrowser(), startDemoService()]);
    ({ context, page, problems } = await openPage(browser, { viewport: FIRST_SCREEN_SIZE }));
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await demo?.stop();
  });

  const row = (name: string) => page.locator('[data-testid=meta-user-row]').filter({ has: page.getByRole('link', { name, exact: true }) });

  it('the sign-in page names the Meta users of the emulator, their password and what each shows', async () => {
    await page.goto(`${demo.url}/login`);
    const users = page.locator('.demo-meta-users');
    await users.waitFor();
    const text = (await users.textContent()) ?? '';
    for (const email of ['giulia@example.it', 'emma@example.com', 'marco@example.it', 'luca@example.it', 'sofia@example.it']) expect(text).toContain(email);
    expect(text).toContain('meta-demo');
    expect(await users.locator('li').filter({ hasText: 'marco@example.it' }).textContent()).toContain('Scaduto: password cambiata su Meta');
  });

  it('the Meta Users page: Active with its Business Manager, needs reconnect soon, Expired, Inactive, System User, a declined permission', async () => {
    await signIn(page, demo.url, DEMO_EMAIL, DEMO_PASSWORD);
    await page.goto(`${demo.url}/meta-users`);
    await row('Giulia Rossi').waitFor();
    expect(await page.locator('[data-testid=meta-user-row]').count()).toBe(6);

    const giulia = row('Giulia Rossi');
    expect(await giulia.getAttribute('data-status')).toBe('active');
    expect(await giulia.textContent()).toContain('Agenzia Aurora Digitale');
    expect(await giulia.locator('.warning-chip').count()).toBe(0);

    const emma = row('Emma Clarke');
    expect(await emma.getAttribute('data-status')).toBe('active');
    expect(await emma.locator('.warning-chip').allTextContents()).toEqual(['Da riconnettere']);
    expect(await emma.locator('.expiry-rel').textContent()).toBe('tra 5 giorni');
    expect(await emma.textContent()).toContain('Northwind Retail Ltd');

    const marco = row('Marco Bianchi');
    expect(await marco.getAttribute('data-status')).toBe('expired');
    expect(await marco.locator('.badge').textContent()).toBe('Scaduto');
    await marco.getByRole('button', { name: 'Riconnetti — Marco Bianchi' }).waitFor();

    const luca = row('Luca Ferrari');
    expect(await luca.getAttribute('data-status')).toBe('inactive');
    expect(await luca.locator('.badge').textContent()).toBe('Inattivo');

    const system = row('Northwind Reporting System User');
    expect(await system.getAttribute('data-status')).toBe('active');
    expect(await system.textContent()).toContain('Utente di sistema');
    expect(await system.textContent()).toContain('Non scade mai');

    const sofia = row('Sofia Greco');
    expect(await sofia.getAttribute('data-status')).toBe('active');
    expect(await sofia.locator('.warning-chip').allTextContents()).toEqual(['1 permesso mancante']);

    // The notice on every page: Expired, Inactive and needs-reconnect-soon count; the declined
    // permission and the System User do not.
    const notice = page.getByTestId('attention-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-count')).toBe('3');
    expect(await notice.textContent()).toContain('3 profili Meta richiedono attenzione');

    // The first screen, as the README shows it: the viewport only, at a fixed size.
    mkdirSync(path.dirname(FIRST_SCREEN), { recursive: true });
    await page.screenshot({ path: FIRST_SCREEN });
    await screenshot(page, 'demo-meta-users-it');
    expect(problems).toEqual([]);
  });

  it('the Italian notifications: Expired by the password change, needs reconnect soon, Inactive; the timeline says why', async () => {
    await page.goto(`${demo.url}/notifications`);
    const expired = page.locator('[data-testid=notification]').filter({ hasText: 'Marco Bianchi' });
    await expired.waitFor();
    expect(await expired.textContent()).toContain('Token Meta scaduto — Riconnetti il profilo Meta');
    expect(await expired.textContent()).toContain('Password cambiata su Meta');
    const expiring = page.locator('[data-testid=notification]').filter({ hasText: 'Emma Clarke' });
    expect(await expiring.textContent()).toContain('Token Meta in scadenza');
    expect(await page.locator('[data-testid=notification]').filter({ hasText: 'Luca Ferrari' }).textContent()).toContain('Token Meta disattivato');

    await expired.getByRole('link', { name: 'Apri il profilo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Marco Bianchi' }).waitFor();
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('Password cambiata su Meta (190/460)');
  });

  it('the declined permission says what will not work', async () => {
    await page.goto(`${demo.url}/meta-users`);
    await row('Sofia Greco').getByRole('link', { name: 'Sofia Greco', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sofia Greco' }).waitFor();
    const declined = page.locator('[data-scope=ads_management]');
    await declined.waitFor();
    expect(await declined.getAttribute('data-state')).toBe('declined');
    expect(await declined.textContent()).toContain('Mettere in pausa, riattivare, modificare e lanciare campagne viene rifiutato.');
  });

  it('reconnects the Expired profile through Meta’s dialog: Active again, its notification resolved', async () => {
    await page.goto(`${demo.url}/meta-users`);
    await row('Marco Bianchi').getByRole('button', { name: 'Riconnetti — Marco Bianchi' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${demo.emulatorUrl}/dialog/oauth`));
    await page.locator('#email').fill('marco@example.it');
    await page.locator('#password').fill('meta-demo');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === demo.url && url.pathname === '/meta-users');
    await page.locator('.alert-success').filter({ hasText: 'Il tuo profilo Meta è stato riconnesso.' }).waitFor();
    await expect.poll(() => row('Marco Bianchi').getAttribute('data-status')).toBe('active');
    // One profile fewer needs attention, without a reload.
    await expect.poll(() => page.getByTestId('attention-notice').getAttribute('data-count')).toBe('2');
    await page.goto(`${demo.url}/notifications`);
    const expired = page.locator('[data-testid=notification]').filter({ hasText: 'Token Meta scaduto' }).filter({ hasText: 'Marco Bianchi' });
    await expect.poll(() => expired.getAttribute('data-state')).toBe('resolved');
    expect(problems).toEqual([]);
  });

  it('a restart does not seed again: the same six profiles, as they were left', async () => {
    expect(await demo.restart()).toBe('already_seeded');
    await page.goto(`${demo.url}/meta-users`);
    await row('Marco Bianchi').waitFor();
    expect(await page.locator('[data-testid=meta-user-row]').count()).toBe(6);
    expect(await row('Marco Bianchi').getAttribute('data-status')).toBe('active');
    expect(await row('Luca Ferrari').getAttribute('data-status')).toBe('inactive');
  });
});
