/**
 * Dates and times the API takes are checked against the calendar before any query: a pattern
 * alone lets 2024-02-30, month 13, year 0 or hour 24 through, `Date.parse` rolls 30 February over
 * to March, and PostgreSQL refuses them (`date/time field value out of range`), which was a 500.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z$/;

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Year 1–9999 (there is no year 0), month 1–12, a day that month has. */
function isDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeap(year) ? 29 : DAYS[month - 1]!);
}

/** `YYYY-MM-DD` naming a day the calendar has. */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && isDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` naming an instant the calendar has: hours 0–23, minutes and
 * seconds 0–59 (PostgreSQL would take 24:00:00 and a leap second 60, but no time we write has them).
 */
export function isCalendarTime(value: string): boolean {
  const m = TIME.exec(value);
  return m !== null && isDay(Number(m[1]), Number(m[2]), Number(m[3])) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60;
}
