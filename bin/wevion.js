#!/usr/bin/env node
// Runs the service from the JavaScript that `npm install` compiled into build/ (`wevion build`,
// the prepare script). When something under src/ is newer than that build (a developer's edit),
// it is compiled again first, in a second or two; see bin/build-server.js.
import { ensureServerBuilt } from './build-server.js';

const [command, ...rest] = process.argv.slice(2);
const building = command === 'build' && (!rest.includes('--only') || rest.includes('server'));
await ensureServerBuilt(building ? { force: rest.includes('--force'), verbose: true } : {});
await import('../build/cli.js');
