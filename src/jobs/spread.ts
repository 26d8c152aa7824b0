import { createHash } from 'node:crypto';
import cronParser from 'cron-parser';

/**
 * Seconds into a window at which one item's job starts: stable per item, so two runs a period
 * apart keep each item's interval equal to the period, and items are spread evenly over it.
 */
export function offsetSeconds(key: string, spreadSeconds: number): number {
  if (spreadSeconds <= 0) return 0;
  return createHash('sha256').update(key).digest().readUInt32BE(0) % spreadSeconds;
}

/** The time between two runs of a cron (the longest gap of the next few, e.g. across DST). */
export function cronPeriodSeconds(cron: string, timeZone = 'UTC'): number {
  const times = cronParser.parseExpression(cron, { tz: timeZone, currentDate: new Date() });
  const at = Array.from({ length: 4 }, () => times.next().getTime());
  let longest = 0;
  for (let i = 1; i < at.length; i++) longest = Math.max(longest, (at[i]! - at[i - 1]!) / 1000);
  return longest;
}
