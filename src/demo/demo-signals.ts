import type { Logger } from '../logger.ts';
import { signalUrls, type MetaSubscription } from '../meta-signals/subscription.ts';
import { registerDemoApp, type DemoApp } from './demo-meta.ts';

/**
 * Meta tells the demo first: the demo app on the emulator gets the deauthorize and data deletion
 * callback URLs, then the `permissions` webhook subscription, made through the same code as
 * `wevion meta subscribe` (the emulator checks the URL with our verify token, as Meta does). Run
 * after the service listens, since Meta's handshake calls it. A visitor who removes the app on
 * the emulator's settings page (`/settings/apps`) sees the profile change within seconds.
 */
export async function connectDemoSignals(input: {
  emulatorUrl: string;
  app: Pick<DemoApp, 'id' | 'secret'>;
  redirectUri: string;
  /** Where the emulator reaches the service (its loopback address). */
  baseUrl: string;
  subscribe(): Promise<MetaSubscription[]>;
  logger: Logger;
}): Promise<MetaSubscription[]> {
  const urls = signalUrls(input.baseUrl);
  await registerDemoApp(input.emulatorUrl, input.app, input.redirectUri, { deauthorize: urls.deauthorize, dataDeletion: urls.dataDeletion });
  const subscriptions = await input.subscribe();
  input.logger.info({ deauthorize: urls.deauthorize, dataDeletion: urls.dataDeletion, webhooks: urls.webhooks }, 'demo: Meta callbacks and the permissions webhook point at this service');
  return subscriptions;
}
