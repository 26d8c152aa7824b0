/**
 * The app secret is rotated in Meta's dashboard mid-sweep (app-incident.ts): Meta then refuses
 * every proof, the app token and the client secret. Fixed by putting the new secret in the
 * configuration and restarting the workers.
 */
import { expect } from 'vitest';
import { APP_ID } from '../helpers/service.ts';
import { appIncidentMidSweep } from './app-incident.ts';
import { startProcess, stopProcess } from './processes.ts';

const NEW_SECRET = 'rotated-in-the-dashboard-9f3c2a71';

appIncidentMidSweep({
  title: 'the app secret rotated on Meta mid-sweep',
  name: 'is one operator alert and no status change; fixed and restarted, only the really dead tokens are Expired, once each',
  what: 'secret rotated',
  start: async (w) => {
    await fetch(`${w.emulator.url}/__control/apps/${APP_ID}/rotate-secret`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: NEW_SECRET }) });
  },
  fix: async (w, workers) => {
    // The operator puts the new secret in the config and restarts the workers.
    for (const worker of workers) expect((await stopProcess(worker))?.code).toBe(0);
    return Promise.all([1, 2, 3].map(() => startProcess('worker', { ...w.env, META_APP_SECRET: NEW_SECRET })));
  },
});
