/**
 * The call log behind `GET /__control/calls`: a ring buffer, so a long benchmark keeps memory
 * flat (the last 200,000 calls) and recording a call is two array writes.
 */
export interface CallEntry {
  at: string;
  method: string;
  path: string;
  /** The version the call asked for in its path (`v26.0`), or null when it named none. */
  version: string | null;
  userId: string | null;
  /** HTTP status; 0 when a fault dropped the connection. */
  status: number;
  errorCode: number | null;
}

export const CALL_LOG_CAPACITY = 200_000;

export class CallLog {
  private buf: CallEntry[] = [];
  private next = 0;

  constructor(private readonly capacity = CALL_LOG_CAPACITY) {}

  add(entry: CallEntry): void {
    if (this.buf.length < this.capacity) this.buf.push(entry);
    else this.buf[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  clear(): void {
    this.buf = [];
    this.next = 0;
  }

  /** Oldest first. */
  all(): CallEntry[] {
    if (this.buf.length < this.capacity) return this.buf.slice();
    return [...this.buf.slice(this.next), ...this.buf.slice(0, this.next)];
  }
}
