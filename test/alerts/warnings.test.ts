import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { smallWorld } from '../helpers/service.ts';
import { startAlertsWorld, type AlertsWorld, type Person } from './harness.ts';

const DAY = 86_400;
const itDate = (iso: string) => new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));
/** "il 4 febbraio 2027", elided before a vowel: "l’1", "l’8", "l’11 …" (the days this test's clock may land on). */
const itOnDate = (iso: string) => `${[1, 8, 11].includes(new Date(iso).getUTCDate()) ? 'l’' : 'il '}${itDate(iso)}`;

async function profileOf(w: AlertsWorld, person: Person, id: string) {
  return ((await (await w.s.request(`/api/meta-users/${id}`, { cookie: person.cookie })).json()) as { metaUser: { expiresAt: string; needsReconnect: boolean; status: string } }).metaUser;
}
const refresh = async (w: AlertsWorld) => (await w.s.queue.runNow('token-refresh')) as Record<string, number>;

// The refresh sweep covers every workspace: each case gets a world of its own.
describe('expiring-soon warnings (token_expiring)', () => {
  let w: AlertsWorld;
  afterEach(() => w.close());

  describe('when the refresh keeps failing', () => {
    beforeEach(async () => {
      w = await startAlertsWorld();
    });

    it('warns once after 24 h of failures, by email, in Italian with the date; a refresh that succeeds sends the recovery', async () => {
      const owner = await w.signIn('Failing refresh', 'it', 'admin');
      const id = await w.connect(owner, 'giulia');
      await w.advance(53 * DAY);
      await w.s.control('POST', '/__control/faults', {
        match: { path: '^/oauth/access_token$' },
        respond: { status: 500, body: { error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2, is_transient: true } } },
      });
      expect(await refresh(w)).toMatchObject({ failed: 1 });
      await w.advance(12 * 3600);
      expect(await refresh(w)).toMatchObject({ failed: 1 });
      expect(await w.notifications(owner)).toEqual([]);
      await w.advance(12 * 3600 + 60);
      expect(await refresh(w)).toMatchObject({ failed: 1 });
      await w.advance(12 * 3600);
      expect(await refresh(w)).toMatchObject({ failed: 1 });
      const notes = await w.notifications(owner);
      const expiresAt = (await profileOf(w, owner, id)).expiresAt;
      expect(notes).toEqual([expect.objectContaining({ type: 'token_expiring', message: `Token Meta in scadenza — Riconnetti il profilo Meta entro ${itOnDate(expiresAt)}`, resolvedAt: null })]);
      await w.sweep();
      const mails = w.mailsTo(owner.email);
      expect(mails.map((m) => m.subject)).toEqual([`Token Meta in scadenza — Riconnetti il profilo Meta entro ${itOnDate(expiresAt)} (Giulia Rossi)`]);
      expect(mails[0]!.text).toContain('Causa: Il rinnovo automatico non riesce da più di 24 ore');
      expect(mails[0]!.text).toContain('Alla scadenza del token la sincronizzazione dei dati si ferma');
      expect(mails[0]!.text).toContain(`/connect/meta/reconnect/${id}`);

      await w.s.control('DELETE', '/__control/faults');
      expect(await refresh(w)).toMatchObject({ refreshed: 1 });
      await w.sweep();
      expect(w.mailsTo(owner.email).map((m) => m.subject)).toEqual([mails[0]!.subject, 'Profilo Meta di nuovo attivo — la sincronizzazione riprende (Giulia Rossi)']);
      expect(w.mailsTo(owner.email)[1]!.text).toContain('Causa: Il rinnovo automatico è di nuovo riuscito');
      expect((await w.notifications(owner)).map((n) => [n.type, n.resolvedAt !== null])).toEqual(
        expect.arrayContaining([
          ['token_expiring', true],
          ['token_recovered', true],
        ]),
      );
    });

    it('warns 7 days before data access ends, once per date', async () => {
      const owner = await w.signIn('Data access', 'en', 'admin');
      const id = await w.connect(owner, 'mark');
      const ends = new Date(w.s.clock.now() + 5 * DAY * 1000);
      await w.s.database.db.updateTable('meta_users').set({ data_access_expires_at: ends }).where('id', '=', id).execute();
      await refresh(w);
      await refresh(w);
      await w.sweep();
      const mails = w.mailsTo(owner.email);
      expect(mails.map((m) => m.subject)).toEqual([`Meta data access expires on ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(ends)} — Reconnect your Meta profile (Mark Doe)`]);
      expect(mails[0]!.text).toContain('What stops working: When data access expires, Meta stops returning data');
    });
  });

  describe('when Meta hands back the same token', () => {
    beforeEach(async () => {
      w = await startAlertsWorld({ world: smallWorld({}, { longLivedReexchange: 'same' }) });
    });

    it('is one token_expiring warning (not extended) on every channel, and a reconnect sends the recovery', async () => {
      const admin = await w.signIn('Same token', 'en', 'admin');
      await w.setBot(admin);
      await w.linkTelegram(admin, 901);
      const id = await w.connect(admin, 'giulia');
      await w.advance(53 * DAY);
      expect(await refresh(w)).toMatchObject({ notExtended: 1 });
      expect(await refresh(w)).toMatchObject({ notExtended: 0 });
      const profile = await profileOf(w, admin, id);
      expect(profile).toMatchObject({ status: 'active', needsReconnect: true });
      await w.sweep();
      const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(profile.expiresAt));
      expect(w.mailsTo(admin.email).map((m) => m.subject)).toEqual([`Meta token expiring — Reconnect your Meta profile by ${date} (Giulia Rossi)`]);
      expect(w.mailsTo(admin.email)[0]!.text).toContain('Cause: Meta did not extend the token when we refreshed it');
      expect(w.alertsTo(901).map((m) => m.text.split('\n')[0])).toEqual([`<b>Meta token expiring — Reconnect your Meta profile by ${date}</b>`]);

      await w.s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass', startPath: `/api/meta-users/${id}/reconnect`, startMethod: 'POST' });
      await w.sweep();
      expect(w.mailsTo(admin.email).map((m) => m.subject).at(-1)).toBe('Meta profile active again — sync resumes (Giulia Rossi)');
      expect(w.alertsTo(901)).toHaveLength(2);
    });
  });
});
