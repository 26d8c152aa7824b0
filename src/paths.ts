import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder. This file is one folder down from it both as src/paths.ts (tests, tsx)
 * and compiled into a chunk of build/ (bin/build-server.js bundles the service into build/'s top
 * level), so every path the service derives from where its code is starts here.
 */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `bin/wevion.js`, for the child processes the service starts (the demo emulator, a UI build). */
export const WEVION_BIN = path.join(PROJECT_ROOT, 'bin/wevion.js');
