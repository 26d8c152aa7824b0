import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/accounts.ts';
import { smallWorld } from '../helpers/service.ts';
import { startTelegramFake, type TelegramFake } from '../helpers/telegram-fake.ts';
import { contrastOf, launchBrowser, openPage, PHONE, screenshot, signIn, skipBrowser, startWebServer, type WebServer } from './helpers.ts';

const BOT_TOKEN = `123456789:${'A'.repeat(35)}`;

/**
 * Issue 9 in a real browser, against the whole service (demo mode: no META_APP_ID, no SMTP_URL,
 * so alert emails go to the outbox), the Meta emulator and a local Telegram Bot API: "Sync now"
 * after a Business Manager change, the token expiring on Meta and its email in the outbox,
 * preferences (a locked one included), the Telegram link, and the admin's settings.
 */
describe.skipIf(skipBrowser)('web UI in Chromium: alerts, outbox and Sync now', () => {
  let browser: Browser;
  let server: WebServer;
  let telegram: TelegramFake;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let profileId = '';

  beforeAll(async () => {
    telegram = await startTelegramFake();
    telegram.addBot(BOT_TOKEN, 'wevion_alerts_bot');
    // Giulia administers Rossi Media's Business Manager, and a client's Business Manager (Palestra
    // Vita) has given her one of its ad accounts: that client can take it back.
    const base = smallWorld();
    const world = (redirectUri: string) =>
      smallWorld(
        {
          businesses: [...base.businesses, { id: '20002', name: 'Palestra Vita Srl', admins: ['10002'], systemUsers: [] }],
          adAccounts: [...base.adAccounts, { id: 'act_40003', name: 'Palestra Vita — Iscrizioni', business: '20002', users: ['10001', '10002'] }],
        },
        { redirectUris: [redirectUri], name: 'Wevion' },
      );
    [browser, server] = await Promise.all([launchBrowser(), startWebServer({ world, env: { TELEGRAM_API_URL: telegram.url } })]);
    await createUser(server.database.db, { workspace: 'Rossi', email: 'anna@rossi.test', password: 'anna-password', role: 'admin', locale: 'it', name: 'Anna Conti' });
    ({ context, page, problems } = await openPage(browser));
    await signIn(page, server.url, 'anna@rossi.test', 'anna-password');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await telegram?.close();
  });

  const assetsCard = () => page.locator('#assets');

  it('Sync now updates the profile’s assets after a Business Manager change on the emulator; a second click is refused until the minute is over', async () => {
    expect(server.application).toBeTruthy();
    await page.goto(`${server.url}/meta-users`);
    await page.getByRole('link', { name: 'Collega account Meta' }).first().click();
    await page.waitForURL((url) => url.href.startsWith(`${server.emulatorUrl}/dialog/oauth`));
    await page.locator('#email').fill('giulia@example.it');
    await page.locator('#password').fill('giulia-pass');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === server.url && url.pathname === '/meta-users');
    await page.getByRole('link', { name: 'Giulia Rossi', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Giulia Rossi' }).waitFor();
    profileId = page.url().split('/').pop() as string;
    await expect.poll(() => assetsCard().textContent()).toContain('Palestra Vita — Iscrizioni');
    expect(await assetsCard().textContent()).toContain('Rossi — Saldi');
    expect(await page.getByTestId('last-sync').textContent()).toBe('Mai');
    await screenshot(page, 'sync-now-before-it');

    // The client's Business Manager takes its ad account back from Giulia, on Meta.
    await server.control('POST', '/__control/access', { userId: '10001', object: 'act_40003', grant: false });
    const button = page.getByRole('button', { name: 'Sincronizza ora' });
    await button.click();
    const result = page.locator('#sync-result .alert-success');
    await result.waitFor();
    const text = await result.textContent();
    expect(text).toContain('Sincronizzazione completata');
    expect(text).toContain('Meta ha confermato che il token funziona.');
    expect(text).toContain('Nessun rinnovo necessario per ora.');
    expect(text).toContain('Asset: 1 account pubblicitario rimosso.');
    await expect.poll(() => assetsCard().textContent()).not.toContain('Palestra Vita — Iscrizioni');
    expect(await assetsCard().locator('.asset-group').first().textContent()).toContain('Rossi — Saldi');
    await expect.poll(() => page.getByTestId('last-sync').textContent()).toBe('adesso');
    await screenshot(page, 'sync-now-it');

    // Within the minute the service refuses (429 + Retry-After): said in words, button off until
    // then, and (from the keyboard) focus stays on it.
    await button.focus();
    await page.keyboard.press('Enter');
    const limited = page.locator('#sync-result .alert-info');
    await limited.waitFor();
    expect(await limited.textContent()).toMatch(/^Questo profilo è stato sincronizzato meno di un minuto fa\. Puoi sincronizzarlo di nuovo alle \d{2}:\d{2}:\d{2}\.$/);
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sync-now');
    expect(await button.getAttribute('aria-describedby')).toBe('sync-limited');
    // What the last run did stays on the page.
    expect(await page.locator('#sync-result .alert-success').textContent()).toContain('Asset: 1 account pubblicitario rimosso.');
    expect(await contrastOf(page, '#sync-result .alert-info .alert-text')).toBeGreaterThanOrEqual(4.5);
    await screenshot(page, 'sync-now-limited-it');
  });

  it('issue 9: the token expires on Meta, a Graph call finds out, the delivery runs, and the email is in the Outbox in the member’s language with the Reconnect link', async () => {
    await server.control('POST', '/__control/users/10001/change-password', { password: 'giulia-new-pass' });
    const status = await page.evaluate(async (profileId) => {
      const response = await fetch('/api/graph/proxy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ profileId, path: '/me' }) });
      return response.status;
    }, profileId);
    expect(status).toBeGreaterThanOrEqual(400);

    // notification-deliver / notification-sweep are queue jobs without recorded runs (not in
    // /api/jobs); the test service starts the queue without workers, so the sweep is run here,
    // as the worker's minute schedule would.
    await expect
      .poll(async () => {
        await server.application.queue.runNow('notification-sweep', {});
        const outbox = (await page.evaluate(async () => (await fetch('/api/outbox')).json())) as { messages: unknown[] };
        return outbox.messages.length;
      })
      .toBe(1);

    await page.getByRole('link', { name: 'Posta in uscita' }).click();
    await page.getByRole('heading', { level: 1, name: 'Posta in uscita' }).waitFor();
    expect(await page.locator('main .alert-warning').textContent()).toContain('Demo: le email restano qui invece di essere inviate.');
    const message = page.getByTestId('outbox-message');
    await message.waitFor();
    expect(await message.count()).toBe(1);
    const summary = message.getByRole('button', { name: /Token Meta scaduto — Riconnetti il profilo Meta \(Giulia Rossi\)/ });
    expect(await summary.getAttribute('aria-expanded')).toBe('false');
    expect(await summary.textContent()).toContain('anna@rossi.test');
    await screenshot(page, 'outbox-it');
    await summary.click();
    expect(await summary.getAttribute('aria-expanded')).toBe('true');
    const text = await message.getByTestId('mail-text').textContent();
    expect(text).toContain('Token Meta scaduto — Riconnetti il profilo Meta');
    expect(text).toContain('Profilo Meta: Giulia Rossi');
    expect(text).toContain('Causa: Password cambiata su Meta');
    // The button reconnects in one click (Meta's dialog for this profile), naming whom to log in as.
    expect(text).toContain(`Riconnetti il profilo Meta: ${server.url}/connect/meta/reconnect/${profileId}`);
    expect(text).toContain('Il pulsante apre la finestra di Meta: accedi come Giulia Rossi.');
    expect(await message.textContent()).toContain('Wevion Token Health <alerts@wevion.invalid>');

    // The HTML version: only in a sandboxed srcdoc frame, scripts and inline styles stripped.
    await message.getByRole('button', { name: 'HTML' }).click();
    const frameElement = message.locator('iframe');
    await frameElement.waitFor();
    expect(await frameElement.getAttribute('sandbox')).toBe('');
    expect(await frameElement.getAttribute('src')).toBeNull();
    const srcdoc = (await frameElement.getAttribute('srcdoc')) ?? '';
    expect(srcdoc).not.toMatch(/style=|<script/i);
    const frame = page.frameLocator('[data-testid=mail-html]');
    const reconnect = frame.getByRole('link', { name: 'Riconnetti il profilo Meta' });
    await reconnect.waitFor();
    expect(await reconnect.getAttribute('href')).toBe(`${server.url}/connect/meta/reconnect/${profileId}`);
    expect(await frame.locator('h1').textContent()).toBe('Token Meta scaduto — Riconnetti il profilo Meta');
    await screenshot(page, 'outbox-open-it');

    // Its Reconnect link, followed from the outbox, goes straight to Meta's dialog for Giulia.
    await message.locator('.mail-links').getByRole('link', { name: 'Riconnetti il profilo Meta' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${server.emulatorUrl}/dialog/oauth`));
    expect(new URL(page.url()).searchParams.get('redirect_uri')).toBe(`${server.url}/connect/meta/callback`);
    await page.goto(`${server.url}/meta-users/${profileId}`);
    await page.getByRole('link', { name: 'Riconnetti — Giulia Rossi' }).first().waitFor();
  });

  it('notifications show the cause, what stops working, and link to where to act', async () => {
    await page.goto(`${server.url}/notifications`);
    const notification = page.locator('[data-testid=notification]').filter({ hasText: 'Token Meta scaduto' });
    await notification.waitFor();
    const text = await notification.textContent();
    expect(text).toContain('ProfiloGiulia Rossi');
    expect(text).toContain('CausaPassword cambiata su Meta');
    expect(text).toContain('Cosa smette di funzionare');
    expect(text).toContain('Le campagne continuano a girare su Meta');
    expect(await notification.getByRole('link', { name: 'Riconnetti — Giulia Rossi' }).getAttribute('href')).toBe(`/connect/meta/reconnect/${profileId}`);
    expect(await contrastOf(page, '.notification-facts dt')).toBeGreaterThanOrEqual(4.5);
    await screenshot(page, 'notifications-details-it');
  });

  it('preferences: an email alert switched off and back on; the delivery log says the email was sent', async () => {
    await page.getByRole('link', { name: 'Preferenze avvisi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Preferenze avvisi' }).waitFor();
    const recovered = page.getByRole('switch', { name: 'Email: Profilo di nuovo attivo' });
    await recovered.waitFor();
    expect(await recovered.isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: /^Nell’app: Token scaduto/ }).isDisabled()).toBe(true);
    expect(await page.locator('#preferences').textContent()).toContain('Le email arrivano a anna@rossi.test.');

    const saved = () => page.waitForResponse((response) => response.url().endsWith('/api/alerts/preferences') && response.request().method() === 'PUT');
    let response = saved();
    await recovered.click();
    expect((await response).status()).toBe(200);
    await expect.poll(() => page.getByTestId('preferences-status').textContent()).toBe('Email: «Profilo di nuovo attivo» disattivato.');
    expect(await recovered.isChecked()).toBe(false);
    let stored = (await page.evaluate(async () => (await fetch('/api/alerts/preferences')).json())) as { preferences: Array<{ type: string; email: boolean }> };
    expect(stored.preferences.find((p) => p.type === 'token_recovered')?.email).toBe(false);

    // Keyboard: Space toggles it back on.
    response = saved();
    await recovered.focus();
    await page.keyboard.press('Space');
    expect((await response).status()).toBe(200);
    await expect.poll(() => page.getByTestId('preferences-status').textContent()).toBe('Email: «Profilo di nuovo attivo» attivato.');
    expect(await recovered.isChecked()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Email: Profilo di nuovo attivo');
    stored = (await page.evaluate(async () => (await fetch('/api/alerts/preferences')).json())) as { preferences: Array<{ type: string; email: boolean }> };
    expect(stored.preferences.find((p) => p.type === 'token_recovered')?.email).toBe(true);

    const delivery = page.locator('#my-deliveries [data-testid=delivery-row]').first();
    await delivery.waitFor();
    expect(await delivery.getAttribute('data-state')).toBe('sent');
    expect(await delivery.textContent()).toContain('Token scaduto');
    expect(await delivery.textContent()).toContain('Email');
    expect(await delivery.textContent()).toContain('Inviato');
    expect(await contrastOf(page, '.pill-delivery-sent')).toBeGreaterThanOrEqual(4.5);
  });

  it('admin: require critical alerts — then a critical alert cannot be switched off; set the Telegram bot (never shown back); the workspace delivery log', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Avvisi', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Avvisi del workspace' }).waitFor();
    const require = page.getByRole('switch', { name: 'Rendi obbligatori gli avvisi critici su tutti i canali' });
    await require.waitFor();
    expect(await require.isChecked()).toBe(false);
    await require.click();
    await expect.poll(() => page.locator('#critical [role=status]').textContent()).toBe('Gli avvisi critici sono ora obbligatori per tutti.');
    expect(((await page.evaluate(async () => (await fetch('/api/alerts/settings')).json())) as { requireCritical: boolean }).requireCritical).toBe(true);

    // The bot token: checked on the client, then by Telegram (getMe); the field is a password and is emptied.
    const tokenInput = page.locator('#bot-token');
    expect(await tokenInput.getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: 'Verifica e salva' }).click();
    expect(await page.locator('#bot-token-error').textContent()).toBe('Incolla il token del bot.');
    await tokenInput.fill('not a token');
    await page.getByRole('button', { name: 'Verifica e salva' }).click();
    expect(await page.locator('#bot-token-error').textContent()).toContain('cifre, due punti');
    await tokenInput.fill(`987654321:${'B'.repeat(35)}`);
    await page.getByRole('button', { name: 'Verifica e salva' }).click();
    await expect.poll(() => page.locator('#bot-token-error').textContent()).toContain('Telegram non ha accettato questo token');
    await tokenInput.fill(BOT_TOKEN);
    await page.getByRole('button', { name: 'Verifica e salva' }).click();
    await expect.poll(() => page.getByTestId('bot-state').textContent()).toContain('Gli avvisi sono inviati da @wevion_alerts_bot.');
    expect(await tokenInput.inputValue()).toBe('');
    expect(await page.content()).not.toContain(BOT_TOKEN.split(':')[1]);

    const row = page.locator('#workspace-deliveries [data-testid=delivery-row]').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('anna@rossi.test');
    expect(await row.textContent()).toContain('Inviato');
    await page.locator('#workspace-deliveries').getByRole('button', { name: 'Non riuscito' }).click();
    await page.getByTestId('deliveries-empty').waitFor();
    expect(await page.getByTestId('deliveries-empty').textContent()).toBe('Nessun invio in questo stato.');
    await page.locator('#workspace-deliveries').getByRole('button', { name: 'Tutti' }).click();
    await row.waitFor();
    await screenshot(page, 'admin-alerts-it');

    // A member's view: the critical alerts are required and cannot be switched off.
    await page.goto(`${server.url}/settings/alerts`);
    const expired = page.getByRole('switch', { name: 'Email: Token scaduto' });
    await expired.waitFor();
    expect(await expired.isChecked()).toBe(true);
    expect(await expired.isDisabled()).toBe(true);
    expect(await page.locator('[data-type=token_expired]').textContent()).toContain('Obbligatorio');
    expect(await page.locator('#preferences').textContent()).toContain('Gli amministratori del workspace richiedono gli avvisi critici (Token scaduto, Token disattivato)');
    await expired.click({ force: true });
    expect(await expired.isChecked()).toBe(true);
    // And the service refuses it too, with words the page can show.
    const refused = await page.evaluate(async () => {
      const answer = await fetch('/api/alerts/preferences', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ preferences: [{ type: 'token_expired', channel: 'email', enabled: false }] }) });
      return { status: answer.status, body: (await answer.json()) as { error: { code: string } } };
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('preference_locked');
    // A non-critical one still can.
    expect(await page.getByRole('switch', { name: 'Email: Token in scadenza' }).isDisabled()).toBe(false);
  });

  it('links Telegram with /start CODE sent to the bot, then unlinks', async () => {
    const card = page.locator('#telegram');
    await card.getByRole('button', { name: 'Collega Telegram' }).click();
    const steps = page.getByTestId('telegram-code');
    await steps.waitFor();
    expect(await steps.textContent()).toContain('Invia questo messaggio a @wevion_alerts_bot su Telegram:');
    const command = (await steps.locator('.tg-command code').textContent()) ?? '';
    expect(command).toMatch(/^\/start \S+$/);
    expect(await steps.getByRole('link', { name: 'Apri @wevion_alerts_bot in Telegram' }).getAttribute('href')).toBe(`https://t.me/wevion_alerts_bot?start=${command.slice('/start '.length)}`);

    // Checking before sending says so.
    await steps.getByRole('button', { name: 'L’ho inviato: verifica ora' }).click();
    await steps.locator('.alert-warning').waitFor();
    expect(await steps.locator('.alert-warning').textContent()).toContain('Telegram non ha ancora consegnato il tuo messaggio.');
    await screenshot(page, 'alert-preferences-telegram-code-it');

    telegram.userWrites(BOT_TOKEN, 424242, command);
    await steps.getByRole('button', { name: 'L’ho inviato: verifica ora' }).click();
    await page.getByTestId('telegram-linked').waitFor();
    expect(await page.getByTestId('telegram-linked').textContent()).toContain('Telegram è collegato: gli avvisi arrivano da @wevion_alerts_bot.');
    expect(await page.getByRole('switch', { name: 'Telegram: Token in scadenza' }).isDisabled()).toBe(false);
    await screenshot(page, 'alert-preferences-it');

    await card.getByRole('button', { name: 'Scollega Telegram' }).click();
    await card.getByRole('button', { name: 'Sì, scollega' }).click();
    await card.getByRole('button', { name: 'Collega Telegram' }).waitFor();
  });

  it('the new pages fit 375 px without sideways scrolling, in English too', async () => {
    const phone = await openPage(browser, { viewport: PHONE });
    await signIn(phone.page, server.url, 'anna@rossi.test', 'anna-password');
    for (const [path, name, open] of [
      ['/settings/alerts', 'alert-preferences-375', undefined],
      ['/admin/alerts', 'admin-alerts-375', undefined],
      ['/admin/outbox', 'outbox-375', 'text'],
      [`/meta-users/${profileId}`, 'sync-now-375', undefined],
      ['/notifications', 'notifications-details-375', undefined],
    ] as const) {
      await phone.page.goto(`${server.url}${path}`);
      await phone.page.getByRole('heading', { level: 1 }).waitFor();
      await phone.page.waitForLoadState('networkidle');
      await phone.page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
      if (open) await phone.page.getByTestId('outbox-message').getByRole('button').first().click();
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
      await screenshot(phone.page, name);
    }
    // The Sync now result at 375 px: this profile was synced within the minute, so the refusal shows.
    await phone.page.goto(`${server.url}/meta-users/${profileId}`);
    await phone.page.getByRole('button', { name: 'Sincronizza ora' }).click();
    await phone.page.locator('#sync-result .alert-info').waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await phone.page.getByRole('button', { name: 'English' }).click();
    await phone.page.goto(`${server.url}/admin/outbox`);
    await phone.page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    expect(await phone.page.locator('main .alert-warning').textContent()).toContain('Demo: emails are kept here instead of being sent.');
    await phone.page.goto(`${server.url}/settings/alerts`);
    await phone.page.getByRole('heading', { level: 1, name: 'Alert preferences' }).waitFor();
    await phone.page.getByRole('switch', { name: 'Email: Token expired' }).waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone.page, 'alert-preferences-en-375');
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });

  it('a member sees Alert preferences but not the admin pages', async () => {
    await createUser(server.database.db, { workspace: 'Rossi', email: 'luca@rossi.test', password: 'luca-password', role: 'member', locale: 'it', name: 'Luca Verdi' });
    const member = await openPage(browser);
    await signIn(member.page, server.url, 'luca@rossi.test', 'luca-password');
    await member.page.getByRole('link', { name: 'Preferenze avvisi' }).click();
    await member.page.getByRole('heading', { level: 1, name: 'Preferenze avvisi' }).waitFor();
    await member.page.locator('#telegram').getByRole('button', { name: 'Collega Telegram' }).waitFor();
    await member.page.getByTestId('deliveries-empty').waitFor();
    expect(await member.page.getByTestId('deliveries-empty').textContent()).toBe('Nessun avviso è stato ancora inviato via email o Telegram.');
    await screenshot(member.page, 'alert-preferences-member-it');
    expect(await member.page.getByRole('link', { name: 'Posta in uscita' }).count()).toBe(0);
    await member.page.goto(`${server.url}/admin/outbox`);
    await member.page.getByRole('heading', { level: 1, name: 'Solo per amministratori' }).waitFor();
    expect(member.problems).toEqual([]);
    await member.context.close();
  });

  it('ran without a console error or CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
