import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/accounts/accounts.ts';
import { startDemoService, type DemoService } from './demo-fixture.ts';
import { FIRST_SCREEN_SIZE, showFirstScreen } from './first-screen.ts';
import { launchBrowser, openPage, screenshot, signIn, skipBrowser } from './helpers.ts';

/**
 * The demo as a newcomer meets it, and the README's tour: `npm start` without META_APP_ID, the
 * demo account, a Meta Users page that already shows every state (each reached through the real
 * lifecycle: the seed), what needs someone first, what Marco's broken token stops, the history
 * the real syncs stored before it broke, Sofia's declined permission on her timeline, the jobs'
 * real runs; then Reconnect from the bell in one click, through Meta's dialog.
 */
describe.skipIf(skipBrowser)('the demo in Chromium: the first screen shows every state, and the tour', { timeout: 180_000 }, () => {
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

  const rows = () => page.locator('[data-testid=meta-user-row]');
  const row = (name: string) => rows().filter({ has: page.getByRole('link', { name, exact: true }) });
  const profileId = (name: string) => demo.seed.profiles.find((p) => p.name === name)!.profileId;

  it('the sign-in page names the Meta users of the emulator, their password and what each shows', async () => {
    await page.goto(`${demo.url}/login`);
    const users = page.locator('.demo-meta-users');
    await users.waitFor();
    const text = (await users.textContent()) ?? '';
    for (const email of ['giulia@example.it', 'emma@example.com', 'marco@example.it', 'luca@example.it', 'sofia@example.it']) expect(text).toContain(email);
    expect(text).toContain('meta-demo');
    expect(await users.locator('li').filter({ hasText: 'marco@example.it' }).textContent()).toContain('Scaduto: password cambiata su Meta');
  });

  it('the first screen (the README’s image): what needs someone first, the cause in words, what a broken token stops, the notice counting four', async () => {
    await signIn(page, demo.url, DEMO_EMAIL, DEMO_PASSWORD);
    await showFirstScreen(page, demo.url);
    // Attention first: Expired, Inactive, needs reconnect soon, a declined permission, then the rest by name.
    expect(await rows().locator('.profile-name').allTextContents()).toEqual(['Marco Bianchi', 'Luca Ferrari', 'Emma Clarke', 'Sofia Greco', 'Giulia Rossi', 'Northwind Reporting System User', 'Northwind Retail Ltd']);

    const marco = row('Marco Bianchi');
    expect(await marco.getAttribute('data-status')).toBe('expired');
    expect(await marco.locator('.badge').textContent()).toBe('Scaduto');
    // Expired and Inactive differ, with the cause in the service's words.
    expect(await marco.locator('.status-cause').textContent()).toBe('Password cambiata su Meta (190/460)');
    expect(await marco.getByTestId('impact').textContent()).toBe('3 account pubblicitari coinvolti, 1 non coperto da altri profili');
    const reconnect = marco.getByRole('link', { name: 'Riconnetti — Marco Bianchi' });
    expect(await reconnect.getAttribute('href')).toBe(`/connect/meta/reconnect/${profileId('Marco Bianchi')}`);
    // Before leaving, the link says whom to log in as on Meta.
    expect(await reconnect.evaluate((link) => document.getElementById(link.getAttribute('aria-describedby') ?? '')?.textContent)).toBe('Si apre la finestra di Meta: accedi come Marco Bianchi.');

    const luca = row('Luca Ferrari');
    expect(await luca.locator('.badge').textContent()).toBe('Inattivo');
    expect(await luca.locator('.status-cause').textContent()).toMatch(/\(102\)$/);
    expect(await luca.locator('.expiry-rel').textContent()).toMatch(/^Disattivato il |^Disattivato l’/);
    expect(await marco.locator('.expiry-rel').textContent()).toMatch(/^Scaduto il |^Scaduto l’/);

    const emma = row('Emma Clarke');
    expect(await emma.locator('.warning-chip').allTextContents()).toEqual(['Da riconnettere']);
    expect(await emma.locator('.expiry-rel').textContent()).toBe('tra 5 giorni');
    expect(await emma.textContent()).toContain('Northwind Retail Ltd');

    const sofia = row('Sofia Greco');
    expect(await sofia.locator('.warning-chip').allTextContents()).toEqual(['1 permesso mancante']);
    expect(await sofia.getByRole('link', { name: 'Concedi i permessi — Sofia Greco' }).getAttribute('href')).toBe(`/connect/meta/reconnect/${profileId('Sofia Greco')}`);

    const giulia = row('Giulia Rossi');
    expect(await giulia.textContent()).toContain('Agenzia Aurora Digitale');
    expect(await giulia.locator('.warning-chip').count()).toBe(0);
    const system = row('Northwind Reporting System User');
    expect(await system.textContent()).toContain('Utente di sistema');
    expect(await system.textContent()).toContain('Non scade mai');
    // The same business connected in one click (Connect a business, as Emma): both kinds are seen.
    const business = row('Northwind Retail Ltd');
    expect(await business.locator('td').nth(2).textContent()).toBe('Utente di sistema — integrazione aziendaleNorthwind Retail Ltd'.replace('aziendaleNorthwind', 'aziendaleAzienda cliente: Northwind'));
    expect(await business.textContent()).toContain('Non scade mai');

    // The notice on every page: Expired, Inactive, needs reconnect soon and the declined permission.
    const notice = page.getByTestId('attention-notice');
    expect(await notice.getAttribute('data-count')).toBe('4');
    expect(await notice.textContent()).toContain('4 profili Meta richiedono attenzione');

    // What `npm run docs:screenshot` photographs: every row and the notice inside the 1440×1120 view,
    // nothing cut off sideways. (This test writes no file.)
    for (const name of ['Marco Bianchi', 'Luca Ferrari', 'Emma Clarke', 'Sofia Greco', 'Giulia Rossi', 'Northwind Reporting System User', 'Northwind Retail Ltd']) {
      const box = await row(name).boundingBox();
      expect(box && box.y >= 0 && box.y + box.height <= FIRST_SCREEN_SIZE.height, name).toBe(true);
    }
    expect(await page.locator('.table-scroll').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await screenshot(page, 'demo-meta-users-it');
    expect(problems).toEqual([]);
  });

  it('the list filters by status and by name, attention first within', async () => {
    await page.getByLabel('Stato del token').selectOption('active');
    await page.waitForURL(/\/meta-users\?status=active$/);
    await expect.poll(() => rows().locator('.profile-name').allTextContents()).toEqual(['Emma Clarke', 'Sofia Greco', 'Giulia Rossi', 'Northwind Reporting System User', 'Northwind Retail Ltd']);
    await page.getByLabel('Nome').fill('ro');
    await page.getByRole('button', { name: 'Mostra', exact: true }).click();
    await page.waitForURL(/\/meta-users\?status=active&q=ro$/);
    await expect.poll(() => rows().locator('.profile-name').allTextContents()).toEqual(['Giulia Rossi']);
    await page.getByRole('button', { name: 'Azzera' }).click();
    await page.waitForURL(/\/meta-users$/);
    await expect.poll(() => rows().count()).toBe(7);
  });

  it('Marco’s page: what his broken token stopped, account by account, who still covers the rest, and permissions not shown as granted', async () => {
    await row('Marco Bianchi').getByRole('link', { name: 'Marco Bianchi', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Marco Bianchi' }).waitFor();
    const assets = page.locator('#assets');
    await assets.getByRole('heading', { name: 'Cosa raggiungeva quando si è fermato' }).waitFor();
    const account = (name: string) => assets.getByTestId('profile-asset').filter({ hasText: name });
    await account('Marco Bianchi – Account personale').waitFor();
    expect(await account('Marco Bianchi – Account personale').locator('[data-stop]').allTextContents()).toEqual(['Sincronizzazione dei dati ferma', 'Nuovi lanci rifiutati', 'Azioni sulle campagne rifiutate']);
    expect(await account('Marco Bianchi – Account personale').getByTestId('covered-by').textContent()).toBe('Nessun altro profilo lo copre');
    // Covered: the broker's first choice among those who still reach it (Giulia, or for the gym
    // Sofia, whose tokens expire within the same second); Giulia may still manage both.
    for (const [covered, by] of [['Trattoria da Gino – Ristorante', /^Ancora coperto da Giulia Rossi$/], ['Palestra Vita – Iscrizioni', /^Ancora coperto da (Giulia Rossi|Sofia Greco)$/]] as const) {
      expect(await account(covered).getByTestId('covered-by').textContent(), covered).toMatch(by);
      expect(await account(covered).locator('[data-stop]').count(), covered).toBe(0);
    }
    expect(await assets.getByTestId('profile-asset').count()).toBe(6);
    // A dead token's permissions are unknown, never "Concesso" in green.
    expect(await page.locator('.permission[data-state=granted]').count()).toBe(0);
    expect(await page.locator('.permission[data-state=unknown]').count()).toBe(14);
    expect(await page.locator('#permissions').textContent()).toContain('Sconosciuto finché il token non è valido');
    // The page names whom to log in as before Reconnect leaves for Meta.
    expect(await page.locator('.page-actions .reconnect-hint').textContent()).toBe('Si apre la finestra di Meta: accedi come Marco Bianchi.');
    await screenshot(page, 'demo-marco-impact-it');
  });

  it('Sofia’s timeline: the permission she declined at connect, by name', async () => {
    await page.goto(`${demo.url}/meta-users/${profileId('Sofia Greco')}`);
    const declined = page.locator('.timeline-item[data-kind=permissions_declined]');
    await declined.waitFor();
    expect(await declined.locator('.timeline-title').textContent()).toBe('Permessi rifiutati su Meta');
    await expect.poll(() => declined.locator('.timeline-cause').textContent()).toBe('Ads Management');
    const permission = page.locator('[data-scope=ads_management]');
    expect(await permission.getAttribute('data-state')).toBe('declined');
    expect(await permission.textContent()).toContain('Mettere in pausa, riattivare, modificare e lanciare campagne viene rifiutato.');
  });

  it('history: every ad account has spend in its currency; the one only Marco reached keeps it, its sync stopped', async () => {
    await page.goto(`${demo.url}/ad-accounts`);
    const accountRows = page.locator('[data-testid=ad-account-row]');
    await expect.poll(() => accountRows.count()).toBe(6);
    expect(await accountRows.filter({ hasText: 'Mai sincronizzato' }).count()).toBe(0);
    const personal = accountRows.filter({ hasText: 'Marco Bianchi – Account personale' });
    expect(await personal.getByTestId('history-kept').textContent()).toBe('Storico conservato, sincronizzazione ferma');
    expect(await accountRows.getByTestId('history-kept').count()).toBe(1);

    const spendOf = async (name: string) => {
      await page.goto(`${demo.url}/ad-accounts`);
      await accountRows.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      const total = page.getByTestId('total-spend');
      await total.waitFor();
      return (await total.textContent()) ?? '';
    };
    // Italian formats: "1.234,56 €", "1.234,56 £", "1.234,56 USD"; never a bare "0,00".
    expect(await spendOf('Marco Bianchi – Account personale')).toMatch(/^[\d.]+,\d{2}\s€$/);
    expect(await page.locator('#spend').textContent()).toContain('Mostra i dati sincronizzati prima del blocco dell’account.');
    expect(await page.locator('.chart-bar').count()).toBe(30);
    await screenshot(page, 'demo-history-kept-it');
    expect(await spendOf('Northwind UK – Always On')).toMatch(/^[\d.]+,\d{2}\s£$/);
    expect(await spendOf('Northwind US – Seasonal Sales')).toMatch(/^[\d.]+,\d{2}\s(USD|US\$|\$)$/);
    for (const amount of [await spendOf('Northwind UK – Always On')]) expect(amount).not.toMatch(/^0,00/);
  });

  it('the jobs page shows real last runs, the jobs and their schedules in words with the time zone', async () => {
    await page.goto(`${demo.url}/admin/jobs`);
    const jobs = page.locator('[data-testid=job]');
    await expect.poll(() => jobs.count()).toBe(4);
    expect(await jobs.filter({ hasText: 'Mai eseguito' }).count()).toBe(0);
    expect(await jobs.locator('.pill-run-succeeded').count()).toBe(4);
    expect(await jobs.locator('.job-name').allTextContents()).toEqual(expect.arrayContaining(['Pulizia delle sessioni di accesso', 'Rinnovo dei token', 'Sincronizzazione dei permessi', 'Sincronizzazione dei dati (spesa, impressioni, clic)']));
    const cleanup = page.locator('[data-job=session-cleanup]');
    expect(await cleanup.getByTestId('schedule').textContent()).toBe('Ogni giorno alle 03:17 (ora di UTC) · 17 3 * * *');
    expect(await page.locator('[data-job=token-refresh]').getByTestId('schedule').textContent()).toBe('Ogni giorno alle 00:00 e 12:00 (ora di UTC) · 0 */12 * * *');
    expect(await page.locator('[data-job=insights-sync]').locator('.summary').textContent()).toContain('synced6');
  });

  it('a reconnect as the wrong Meta person is refused, says so on the profile, and stays on its timeline', async () => {
    await page.goto(`${demo.url}/meta-users/${profileId('Luca Ferrari')}`);
    await page.locator('.page-actions').getByRole('link', { name: 'Riconnetti — Luca Ferrari' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${demo.emulatorUrl}/dialog/oauth`));
    await page.locator('#email').fill('giulia@example.it');
    await page.locator('#password').fill('meta-demo');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === demo.url && url.pathname === `/meta-users/${profileId('Luca Ferrari')}`);
    await page.locator('main .alert-warning').filter({ hasText: 'Hai effettuato l’accesso a Meta come Giulia Rossi' }).waitFor();
    const failed = page.locator('.timeline-item[data-kind=reconnect_failed]');
    await failed.waitFor();
    expect(await failed.textContent()).toContain('Riconnessione non completata');
    expect(await failed.textContent()).toContain('Accesso a Meta come Giulia Rossi, non con l’account di questo profilo.');
    expect(await page.locator('.page-header .badge').getAttribute('data-status')).toBe('inactive');
  });

  it('an email’s Reconnect link opened signed out: sign in first, then straight to Meta’s dialog', async () => {
    const other = await openPage(browser, { viewport: FIRST_SCREEN_SIZE });
    await other.page.goto(`${demo.url}/connect/meta/reconnect/${profileId('Emma Clarke')}`);
    await other.page.waitForURL(/\/login\?next=/);
    await other.page.locator('#email').fill(DEMO_EMAIL);
    await other.page.locator('#password').fill(DEMO_PASSWORD);
    await other.page.locator('form button[type=submit]').click();
    await other.page.waitForURL((url) => url.href.startsWith(`${demo.emulatorUrl}/dialog/oauth`));
    expect(other.problems).toEqual([]);
    await other.context.close();
  });

  it('reconnects Marco from the bell in one click, through Meta’s dialog, back on his page: Active, the notice counting three', async () => {
    await page.locator('.bell').click();
    await page.waitForURL(/\/notifications$/);
    const expired = page.locator('[data-testid=notification]').filter({ hasText: 'Token Meta scaduto' }).filter({ hasText: 'Marco Bianchi' });
    await expired.waitFor();
    expect(await expired.textContent()).toContain('Password cambiata su Meta');
    expect(await expired.textContent()).toContain('Si apre la finestra di Meta: accedi come Marco Bianchi.');
    await expired.getByRole('link', { name: 'Riconnetti — Marco Bianchi' }).click();
    // No page of ours in between: Meta's dialog for Marco, at once.
    await page.waitForURL((url) => url.href.startsWith(`${demo.emulatorUrl}/dialog/oauth`));
    await page.locator('#email').fill('marco@example.it');
    await page.locator('#password').fill('meta-demo');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === demo.url && url.pathname === `/meta-users/${profileId('Marco Bianchi')}`);
    await page.locator('.alert-success').filter({ hasText: 'Il tuo profilo Meta è stato riconnesso.' }).waitFor();
    await expect.poll(() => page.locator('.page-header .badge').textContent()).toBe('Attivo');
    await expect.poll(() => page.getByTestId('attention-notice').getAttribute('data-count')).toBe('3');
    // Active again: his assets are his (nothing stopped), his permissions known again.
    await expect.poll(() => page.locator('#assets h2').textContent()).toBe('Asset raggiunti');
    await expect.poll(() => page.locator('.permission[data-state=granted]').count()).toBe(14);
    await page.goto(`${demo.url}/notifications`);
    const resolved = page.locator('[data-testid=notification]').filter({ hasText: 'Token Meta scaduto' }).filter({ hasText: 'Marco Bianchi' });
    await expect.poll(() => resolved.getAttribute('data-state')).toBe('resolved');
    expect(problems).toEqual([]);
  });

  it('a restart does not seed again: the same seven profiles, as they were left', async () => {
    expect(await demo.restart()).toBe('already_seeded');
    await page.goto(`${demo.url}/meta-users`);
    await row('Marco Bianchi').waitFor();
    expect(await rows().count()).toBe(7);
    expect(await row('Marco Bianchi').getAttribute('data-status')).toBe('active');
    expect(await row('Luca Ferrari').getAttribute('data-status')).toBe('inactive');
  });
});
