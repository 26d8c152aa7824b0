/**
 * The app is deleted on Meta mid-sweep (app-incident.ts), right after the workers checked it:
 * every user token is now refused with Meta's 190 "Error validating application. Application has
 * been deleted." and every exchange with 101. The hold-out run saw 6 of 8 profiles Expired: a check
 * passed less than a minute before was trusted. Fixed by Meta restoring the app: nothing restarts,
 * the minute job finds it healthy.
 */
import { APP_ID } from '../helpers/service.ts';
import { appIncidentMidSweep } from './app-incident.ts';

const appAction = (url: string, action: 'delete' | 'restore') => fetch(`${url}/__control/apps/${APP_ID}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

appIncidentMidSweep({
  title: 'the app deleted on Meta mid-sweep',
  name: 'is one operator alert and no status change; restored, only the really dead tokens are Expired, once each',
  what: 'app deleted',
  start: async (w) => {
    await appAction(w.emulator.url, 'delete');
  },
  fix: async (w, workers) => {
    await appAction(w.emulator.url, 'restore');
    await w.boss.send('meta-app-check', {});
    return workers;
  },
});
