/**
 * Notices a wave: many verifications confirming the same cause at once. People change passwords
 * and remove apps one at a time; when, within a window, more than `share` of every verification
 * that got an answer confirms one cause (and at least `minConfirmations` of them), the likelier
 * story is something done to the app as a whole (restricted, its tokens reset), so the app is
 * checked before the next confirmation goes through. Pure: time comes in as an argument.
 */
export interface WaveOptions {
  windowMs: number;
  minConfirmations: number;
  /** 0–1: the part of the answered verifications one cause must reach. */
  share: number;
}

export const DEFAULT_WAVE: WaveOptions = { windowMs: 10 * 60_000, minConfirmations: 20, share: 0.5 };

interface Seen {
  at: number;
  /** `valid`, or the cause of a confirmed invalid token (`190/460`). */
  key: string;
}

export function causeKey(cause: { code: number | null; subcode: number | null }): string {
  return `${cause.code ?? '?'}/${cause.subcode ?? '-'}`;
}

export class WaveGuard {
  private seen: Seen[] = [];

  constructor(private readonly options: WaveOptions = DEFAULT_WAVE) {}

  /** A verification found the token valid. */
  valid(now: number): void {
    this.add({ at: now, key: 'valid' }, now);
  }

  /** A verification is about to confirm `cause`; true when that makes (or continues) a wave. */
  confirming(cause: { code: number | null; subcode: number | null }, now: number): boolean {
    const key = causeKey(cause);
    this.add({ at: now, key }, now);
    const same = this.seen.filter((s) => s.key === key).length;
    return same >= this.options.minConfirmations && same > this.options.share * this.seen.length;
  }

  private add(entry: Seen, now: number): void {
    const since = now - this.options.windowMs;
    // Entries arrive in time order: drop from the front what left the window.
    let drop = 0;
    while (drop < this.seen.length && this.seen[drop]!.at < since) drop += 1;
    if (drop > 0) this.seen = this.seen.slice(drop);
    this.seen.push(entry);
  }
}
