/**
 * Sends the deliveries of `deliveries.ts` as Meta would: a POST with the body as recorded, a
 * webhook signed with the app's CURRENT secret (`X-Hub-Signature-256`, `X-Hub-Signature`), Meta's
 * User-Agent, at most 10 s of real time per attempt. The deliveries of one control call go out
 * concurrently, but one person's deliveries go out one after the other, in the order they were
 * made (a chain per person, so no attempt waits on another person's receiver).
 *
 * Retries follow the virtual clock: when it moves, `sendDue` attempts every delivery whose next
 * attempt has come (once, however many retry times the move jumped over). Closing the emulator
 * aborts the attempts in flight; an aborted attempt is not recorded, so the delivery is tried
 * again after a restart.
 */
import { contentTypeOf, type Delivery } from './deliveries.ts';
import { outbound } from './outbound.ts';
import { hubSignatureHeaders } from './signing.ts';
import type { EmulatorState } from './state.ts';

const noop = (): void => undefined;

export class Deliverer {
  private readonly inFlight = new Set<Delivery>();
  /** Person id → the end of their chain of attempts. */
  private readonly tails = new Map<string, Promise<void>>();
  private readonly closing = new AbortController();

  constructor(private readonly state: EmulatorState) {}

  /** Makes one attempt of each delivery; resolves when every one of them has been attempted. */
  async send(deliveries: Delivery[]): Promise<void> {
    await Promise.all(deliveries.map((delivery) => this.enqueue(delivery)));
  }

  /** Attempts every delivery whose next attempt is due on the virtual clock; returns them. */
  async sendDue(): Promise<Delivery[]> {
    const now = this.state.clock.now();
    const due: Delivery[] = [];
    for (const delivery of this.state.deliveries.pending) {
      if (delivery.nextAttemptAt !== null && delivery.nextAttemptAt <= now && !this.inFlight.has(delivery)) due.push(delivery);
    }
    await this.send(due);
    return due;
  }

  /** Aborts what is in flight and waits for every chain to settle. */
  async close(): Promise<void> {
    this.closing.abort();
    await Promise.all([...this.tails.values()]);
  }

  private enqueue(delivery: Delivery): Promise<void> {
    const before = this.tails.get(delivery.userId);
    this.inFlight.add(delivery);
    const attempt = before ? before.then(() => this.attempt(delivery)) : this.attempt(delivery);
    const run = attempt.finally(() => this.inFlight.delete(delivery));
    const tail = run.then(noop, noop);
    this.tails.set(delivery.userId, tail);
    void tail.then(() => {
      if (this.tails.get(delivery.userId) === tail) this.tails.delete(delivery.userId);
    });
    return run;
  }

  private async attempt(delivery: Delivery): Promise<void> {
    if (this.closing.signal.aborted || delivery.nextAttemptAt === null) return;
    const app = this.state.index.apps.get(delivery.appId);
    const headers: Record<string, string> = { 'content-type': contentTypeOf(delivery.kind) };
    if (delivery.kind === 'webhook' && app) Object.assign(headers, hubSignatureHeaders(delivery.body, app.secret));
    const at = this.state.clock.now();
    const result = await outbound({ method: 'POST', url: delivery.url, headers, body: delivery.body, signal: this.closing.signal });
    if (!result.ok && result.aborted) return;
    this.state.deliveries.record(
      delivery,
      result.ok ? { at, status: result.status } : { at, status: null, error: result.error },
      result.ok ? { status: result.status, body: result.body } : null,
    );
    this.state.touch();
  }
}
