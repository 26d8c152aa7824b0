import { describe, expect, it } from 'vitest';
import { metaIdOf } from '../../src/meta/meta-id.ts';

describe('metaIdOf', () => {
  it('reads an id as Meta documents it (a string) and as it may come where Meta is silent (a number)', () => {
    expect(metaIdOf('218471')).toBe('218471');
    expect(metaIdOf(218471)).toBe('218471');
  });

  it('is no id for an empty string, an unsafe or fractional number, or anything else', () => {
    for (const value of ['', 2 ** 53, 1.5, Number.NaN, null, undefined, true, {}, ['1']]) expect(metaIdOf(value), String(value)).toBeUndefined();
  });
});
