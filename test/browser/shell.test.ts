import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, DEMO_EMAIL, DEMO_PASSWORD, ensureDemoAccount } from '../../src/accounts/accounts.ts';
import { APP_ID } from '../helpers/service.ts';
import { launchBrowser, openPage, PHONE, screenshot, signIn, skipBrowser, startWebServer, type WebServer } from './helpers.ts';

/** Sign-in, layout, language, admin jobs and the narrow layout, against the real service (demo mode). */
describe.skipIf(skipBrowser)('web UI in Chromium: shell', () => {
  let browser: Browser;
  let server: WebServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchBrowser(),
      startWebServer(),
    ]);
    await ensureDemoAccount(server.database.db);
    await createUser(server.database.db, { workspace: 'Demo Agency', email: 'luca@example.test', password: 'luca-password', role: 'member', locale: 'it', name: 'Luca Verdi' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in: demo hint in demo mode, a wrong password explained in Italian, then the Meta Users page', async () => {
    const { context, page, problems } = await openPage(browser);
    await page.goto(server.url);
    await page.waitForURL(/\/login$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Accedi a Wevion');
    expect(await page.locator('html').getAttribute('lang')).toBe('it');
    const hint = page.locator('.demo-hint');
    await hint.waitFor();
    expect(await hint.textContent()).toContain(DEMO_EMAIL);
    expect(await hint.textContent()).toContain(DEMO_PASSWORD);
    await screenshot(page, 'sign-in-it');

    // Empty form: each field says what is missing, focus goes to the first.
    await page.locator('form button[type=submit]').click();
    expect(await page.locator('#email-error').textContent()).toBe('Inserisci il tuo indirizzo email.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');

    await page.locator('#email').fill(DEMO_EMAIL);
    await page.locator('#password').fill('not-the-password');
    await page.locator('form button[type=submit]').click();
    const alert = page.locator('[role=alert]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Email o password errate.');
    expect(await page.locator('#password').inputValue()).toBe('');
    await screenshot(page, 'sign-in-wrong-password');

    await page.getByRole('button', { name: 'Usa l’account demo' }).click();
    expect(await page.locator('#email').inputValue()).toBe(DEMO_EMAIL);
    await page.locator('#password').press('Enter');
    await page.waitForURL(/\/meta-users$/);
    await page.getByRole('heading', { level: 1, name: 'Utenti Meta' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows no demo hint outside demo mode', async () => {
    const real = await startWebServer({ env: { META_APP_ID: '123456789', META_APP_SECRET: 'a-real-looking-app-secret-0123' } });
    try {
      const { context, page, problems } = await openPage(browser);
      await page.goto(`${real.url}/login`);
      await page.locator('form').waitFor();
      const info = await page.evaluate(async () => (await fetch('/api/public-info')).json());
      expect(info).toEqual({ demoMode: false });
      expect(await page.locator('.demo-hint').count()).toBe(0);
      expect(await page.content()).not.toContain('demo');
      expect(problems).toEqual([]);
      await context.close();
    } finally {
      await real.close();
    }
  });

  it('lays out the sidebar (Assets → Meta Users, Ad accounts), the bell, the demo banner; the language switch is remembered', async () => {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, server.url, DEMO_EMAIL, DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Navigazione principale' }).waitFor();
    const nav = page.locator('nav');
    expect(await nav.locator('.nav-section').allTextContents()).toEqual(['Asset', 'Workspace', 'Amministrazione']);
    expect(await nav.getByRole('list', { name: 'Asset' }).getByRole('link').allTextContents()).toEqual(['Utenti Meta', 'Account pubblicitari']);
    expect(await nav.getByRole('link', { name: 'Utenti Meta' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('.demo-banner').textContent()).toContain('emulatore Meta locale');
    await page.getByRole('link', { name: /^Notifiche: / }).waitFor();
    await screenshot(page, 'layout-it');

    // Switch to English: the page changes at once and the choice is stored on the member.
    const saved = page.waitForResponse((response) => response.url().endsWith('/api/me') && response.request().method() === 'PATCH');
    await page.getByRole('button', { name: 'English' }).click();
    expect((await saved).status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Meta Users' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    expect(await nav.locator('.nav-section').first().textContent()).toBe('Assets');
    expect(await page.locator('.demo-banner').textContent()).toContain('local Meta emulator');

    // Another browser (no local storage) signing in as the same person gets English from the server.
    const other = await openPage(browser);
    await signIn(other.page, server.url, DEMO_EMAIL, DEMO_PASSWORD);
    await other.page.getByRole('heading', { level: 1, name: 'Meta Users' }).waitFor();
    const me = (await other.page.evaluate(async () => (await fetch('/api/me')).json())) as { member: { locale: string } };
    expect(me.member.locale).toBe('en');
    await other.context.close();

    await page.getByRole('button', { name: 'Italiano' }).click();
    await page.getByRole('heading', { level: 1, name: 'Utenti Meta' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Utenti Meta' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('is operable from the keyboard: skip link first, focus moves to the new page title after navigation', async () => {
    const { context, page } = await openPage(browser);
    await signIn(page, server.url, DEMO_EMAIL, DEMO_PASSWORD);
    // After signing in, focus is on the page title (announced); a fresh load starts at the top.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('page-title');
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Vai al contenuto');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Tab into the sidebar and follow "Account pubblicitari" with the keyboard only.
    await page.getByRole('link', { name: 'Utenti Meta' }).first().focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Account pubblicitari');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ad-accounts$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('page-title');
    expect(await page.title()).toBe('Account pubblicitari · Wevion Token Health');
    await context.close();
  });

  it('admin jobs: the last run with its summary, and "run now"', async () => {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, server.url, DEMO_EMAIL, DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Job in background' }).click();
    await page.waitForURL(/\/admin\/jobs$/);
    const job = page.locator('[data-job="session-cleanup"]');
    await job.waitFor();
    expect(await job.textContent()).toContain('Mai eseguito');
    expect(await job.textContent()).toContain('Elimina le sessioni di accesso scadute.');
    // The job by name in words, its schedule in words with the time zone (the cron beside it).
    expect(await job.locator('.job-name').textContent()).toBe('Pulizia delle sessioni di accesso');
    expect(await job.getByTestId('schedule').textContent()).toBe('Ogni giorno alle 03:17 (ora di UTC) · 17 3 * * *');
    await job.getByRole('button', { name: 'Esegui ora — Pulizia delle sessioni di accesso' }).click();
    await page.locator('.toast').filter({ hasText: 'Pulizia delle sessioni di accesso completato.' }).waitFor();
    await job.locator('.pill-run-succeeded').waitFor();
    expect(await job.locator('.last-run').textContent()).toMatch(/adesso · avviato a mano · durata \d+ (ms|s)/);
    expect(await job.locator('.summary').textContent()).toBe('deleted0');
    await screenshot(page, 'admin-jobs-it');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps admin pages for admins: a member sees no Administration section', async () => {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, server.url, 'luca@example.test', 'luca-password');
    await page.getByRole('heading', { level: 1, name: 'Utenti Meta' }).waitFor();
    expect(await page.locator('.nav-section').allTextContents()).toEqual(['Asset', 'Workspace']);
    expect(await page.getByRole('button', { name: /token utente di sistema/ }).count()).toBe(0);
    await page.goto(`${server.url}/admin/jobs`);
    await page.getByRole('heading', { level: 1, name: 'Solo per amministratori' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('Meta refusing the app: admins see one banner on every page (not members); it goes once Meta accepts the app', async () => {
    await server.control('POST', `/__control/apps/${APP_ID}/delete`);
    expect(await server.application.appHealth.check()).toMatchObject({ outcome: 'unhealthy', reason: 'app_invalid' });
    const admin = await openPage(browser, { viewport: PHONE });
    await signIn(admin.page, server.url, DEMO_EMAIL, DEMO_PASSWORD);
    const banner = admin.page.locator('.meta-app-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.textContent()).toContain('Meta rifiuta l’app stessa.');
    expect(await banner.textContent()).toContain('Meta dice che l’app non è valida o è stata eliminata (codice 101).');
    expect(await banner.textContent()).toContain('nessun profilo cambia stato');
    expect(await admin.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(admin.page, 'meta-app-banner-375-it');
    await admin.page.goto(`${server.url}/ad-accounts`);
    await admin.page.locator('.meta-app-banner').waitFor();
    expect(await admin.page.locator('.meta-app-banner').count()).toBe(1);

    const member = await openPage(browser);
    await signIn(member.page, server.url, 'luca@example.test', 'luca-password');
    await member.page.getByRole('heading', { level: 1, name: 'Utenti Meta' }).waitFor();
    expect(await member.page.locator('.meta-app-banner').count()).toBe(0);

    await server.control('POST', `/__control/apps/${APP_ID}/restore`);
    expect(await server.application.appHealth.check()).toEqual({ outcome: 'healthy' });
    await admin.page.getByRole('link', { name: 'Utenti Meta' }).first().click();
    await admin.page.waitForURL(/\/meta-users$/);
    await expect.poll(() => admin.page.locator('.meta-app-banner').count()).toBe(0);
    expect(admin.problems).toEqual([]);
    expect(member.problems).toEqual([]);
    await admin.context.close();
    await member.context.close();
  });

  it('works at 375 px: no sideways scrolling, the menu opens a drawer and closes with Escape', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    await page.goto(`${server.url}/login`);
    await page.locator('form').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'sign-in-375');
    await signIn(page, server.url, DEMO_EMAIL, DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Utenti Meta' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: 'Apri il menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await screenshot(page, 'meta-users-375');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.locator('#sidebar').waitFor({ state: 'visible' });
    await screenshot(page, 'menu-375');
    // The open drawer keeps the focus: Tab and Shift+Tab go round inside it, never to the page behind.
    const focusInDrawer = () => page.evaluate(() => document.getElementById('sidebar')?.contains(document.activeElement) ?? false);
    expect(await focusInDrawer()).toBe(true);
    const visited = new Set<string>();
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInDrawer(), `Tab ${i + 1}`).toBe(true);
      visited.add((await page.evaluate(() => document.activeElement?.textContent?.trim())) ?? '');
    }
    expect(visited).toContain('Esci');
    expect(visited).toContain('Utenti Meta');
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusInDrawer(), `Shift+Tab ${i + 1}`).toBe(true);
    }
    expect(await page.locator('.main-column').evaluate((el) => (el as HTMLElement).inert)).toBe(true);
    await page.keyboard.press('Escape');
    await page.locator('#sidebar').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('sidebar');
    expect(await page.locator('.main-column').evaluate((el) => (el as HTMLElement).inert)).toBe(false);
    // Closed with its own button, or by the scrim: the focus goes back to the menu button too.
    await menu.click();
    await page.getByRole('button', { name: 'Chiudi il menu' }).click();
    await page.locator('#sidebar').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('sidebar');
    await menu.click();
    await page.locator('.scrim').click({ position: { x: 360, y: 400 } });
    await page.locator('#sidebar').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('sidebar');
    await menu.click();
    await page.locator('#sidebar').getByRole('link', { name: 'Job in background' }).click();
    await page.waitForURL(/\/admin\/jobs$/);
    await page.locator('#sidebar').waitFor({ state: 'hidden' });
    await page.locator('[data-job="session-cleanup"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'admin-jobs-375');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('signs out, and a signed-out visit to a page asks to sign in and comes back to it', async () => {
    const { context, page } = await openPage(browser);
    await signIn(page, server.url, DEMO_EMAIL, DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${server.url}/notifications`);
    await page.waitForURL(/\/login\?next=%2Fnotifications$/);
    await page.locator('#email').fill(DEMO_EMAIL);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('#password').press('Enter');
    await page.waitForURL(/\/notifications$/);
    await page.getByRole('heading', { level: 1, name: 'Notifiche' }).waitFor();
    await context.close();
  });
});
