import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import type { DemoSeedReport } from '../../src/demo/seed.ts';
import { createRuntime, startService, type RunningService } from '../../src/main.ts';
import { ensureWebBuilt } from '../../src/web/build.ts';
import { memoryLogger } from '../helpers/app.ts';
import { freePort } from '../helpers/process.ts';

export interface DemoService {
  url: string;
  emulatorUrl: string;
  seed: DemoSeedReport;
  /** Stops the service and starts it again on the same DATA_DIR and ports, as a second `npm start`; what its seeding said. */
  restart(): Promise<Awaited<NonNullable<RunningService['demoSeed']>> | undefined>;
  stop(): Promise<void>;
}

/**
 * Demo mode exactly as `npm start` runs it without META_APP_ID: the composition root, the Meta
 * emulator as its own process, the demo account, and the first start's seeding (awaited), on an
 * empty embedded DATA_DIR and free ports. Real time: the demo's clock is the machine's.
 */
export async function startDemoService(): Promise<DemoService> {
  await ensureWebBuilt();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wevion-demo-'));
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  // No DATABASE_URL: the demo a newcomer starts is the embedded one.
  const config = loadConfig({ DATA_DIR: dataDir, PORT: String(port), EMULATOR_PORT: String(emulatorPort), HOST: '127.0.0.1', PUBLIC_URL: url, LOG_LEVEL: 'info' });
  const { logger, lines } = memoryLogger();
  const start = async () => startService(await createRuntime(config, { logger, role: 'serve' }), 'serve');
  let service = await start();
  const seed = await service.demoSeed;
  if (!seed || seed === 'failed' || seed === 'already_seeded') {
    await service.stop();
    throw new Error(`the demo seed ended with ${String(seed)}:\n${lines.slice(-20).join('\n')}`);
  }
  return {
    url,
    emulatorUrl: `http://127.0.0.1:${emulatorPort}`,
    seed,
    restart: async () => {
      await service.stop();
      service = await start();
      return service.demoSeed;
    },
    stop: async () => {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
