import type { Command } from 'commander';
import { GraphError } from '../meta/graph-error.ts';
import type { MetaSignals } from './service.ts';
import { judgeSubscription, describeJudgement, signalUrls } from './subscription.ts';

/** What these commands use of a started process (the CLI passes main.ts's Runtime). */
export interface MetaCliRuntime {
  application: { metaSignals: Pick<MetaSignals, 'subscribe' | 'describe'> };
  signalsBase: { url: string };
}

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `wevion meta subscribe`: subscribes the app to Meta's `permissions` webhook (`connected` and
 * the 14 permissions) at `$PUBLIC_URL/connect/meta/webhooks` with the verify token, then prints
 * what Meta holds (`GET /{app-id}/subscriptions`). The service must be running there: Meta checks
 * the URL first. `wevion meta status`: the three URLs, the subscription, the last arrivals.
 */
export function registerMetaCommands(program: Command, helpers: { withRuntime<T>(fn: (runtime: MetaCliRuntime) => Promise<T>): Promise<T> }): void {
  const meta = program.command('meta').description("Meta's push signals: callbacks and the webhook subscription");
  meta
    .command('subscribe')
    .description('subscribe the app to the permissions webhook at $PUBLIC_URL/connect/meta/webhooks (the service must answer there), then print what Meta holds')
    .action(() =>
      helpers.withRuntime(async (runtime) => {
        let subscriptions;
        try {
          subscriptions = await runtime.application.metaSignals.subscribe();
        } catch (error) {
          if (error instanceof GraphError) throw new Error(`Meta refused the subscription: ${error.graphMessage ?? error.message}`);
          throw error;
        }
        const expected = signalUrls(runtime.signalsBase.url).webhooks;
        out(JSON.stringify({ subscriptions, check: describeJudgement(judgeSubscription(subscriptions, expected)) }, null, 2));
      }),
    );
  meta
    .command('status')
    .description('the URLs to enter in the App Dashboard, the webhook subscription as Meta holds it, and when the last callback and webhook arrived')
    .action(() =>
      helpers.withRuntime(async (runtime) => {
        out(JSON.stringify(await runtime.application.metaSignals.describe({ fresh: true }), null, 2));
      }),
    );
}
