/**
 * A FIFO lock: the single PGlite connection is handed to one holder at a time. PGlite runs each
 * statement synchronously on this thread, so the hand-over waits for the event loop's next turn:
 * network answers that arrived meanwhile (Meta's, an HTTP request) are read between two holders
 * instead of after the whole queue of statements (with 16 refreshes in flight, that queue made
 * every Graph call look 25 ms slower than Meta answered).
 */
export class Mutex {
  private locked = false;
  private readonly waiters: Array<() => void> = [];

  async lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  unlock(): void {
    const next = this.waiters.shift();
    if (next) setImmediate(next);
    else this.locked = false;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.lock();
    try {
      return await fn();
    } finally {
      this.unlock();
    }
  }
}
