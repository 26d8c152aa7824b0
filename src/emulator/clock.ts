/**
 * The emulator's virtual clock. It starts at real time and then stands still: only the control
 * API moves it, so token expiry, code validity, 90-day data access and rolling-hour usage are
 * deterministic in tests (a 60-day lifecycle takes milliseconds, never a sleep).
 */
export class VirtualClock {
  private current: number;

  constructor(start: number = Date.now()) {
    this.current = start;
  }

  /** Epoch milliseconds. */
  now(): number {
    return this.current;
  }

  nowSeconds(): number {
    return Math.floor(this.current / 1000);
  }

  advanceSeconds(seconds: number): void {
    this.current += Math.round(seconds * 1000);
  }

  set(ms: number): void {
    this.current = ms;
  }

  resetToRealTime(): void {
    this.current = Date.now();
  }

  iso(): string {
    return new Date(this.current).toISOString();
  }
}
