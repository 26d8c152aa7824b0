import { describe, expect, it } from 'vitest';
import { WaveGuard } from '../../src/meta-app/wave-guard.ts';

const PASSWORD = { code: 190, subcode: 460 };
const EXPIRED = { code: 190, subcode: 463 };

describe('wave guard', () => {
  it('scattered confirmations of mixed causes among valid checks are no wave', () => {
    const guard = new WaveGuard({ windowMs: 60_000, minConfirmations: 3, share: 0.5 });
    let t = 0;
    for (let i = 0; i < 10; i++) guard.valid((t += 10));
    expect(guard.confirming(PASSWORD, (t += 10))).toBe(false);
    expect(guard.confirming(EXPIRED, (t += 10))).toBe(false);
    expect(guard.confirming(PASSWORD, (t += 10))).toBe(false);
    expect(guard.confirming(PASSWORD, (t += 10))).toBe(false); // 3 of 14: a small share
  });

  it('one cause past the share and the minimum is a wave; another cause is not', () => {
    const guard = new WaveGuard({ windowMs: 60_000, minConfirmations: 3, share: 0.5 });
    guard.valid(1);
    expect(guard.confirming(PASSWORD, 2)).toBe(false);
    expect(guard.confirming(PASSWORD, 3)).toBe(false);
    expect(guard.confirming(PASSWORD, 4)).toBe(true); // 3 of 4
    expect(guard.confirming(PASSWORD, 5)).toBe(true);
    expect(guard.confirming(EXPIRED, 6)).toBe(false);
  });

  it('forgets what left the window', () => {
    const guard = new WaveGuard({ windowMs: 1_000, minConfirmations: 3, share: 0.5 });
    guard.confirming(PASSWORD, 0);
    guard.confirming(PASSWORD, 100);
    expect(guard.confirming(PASSWORD, 5_000)).toBe(false); // the first two are gone
    expect(guard.confirming(PASSWORD, 5_100)).toBe(false);
    expect(guard.confirming(PASSWORD, 5_200)).toBe(true);
  });
});
