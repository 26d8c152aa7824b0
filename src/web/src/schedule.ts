import type { I18n } from './i18n/index.tsx';

const NUMBER = /^\d{1,2}$/;
const pad = (value: number) => String(value).padStart(2, '0');

/**
 * A job's cron in words, for the schedules the service uses: every day at a time ("17 3 * * *"),
 * every N hours ("0 *\/12 * * *": the day's times, "00:00 and 12:00"), every hour, every minute.
 * Anything else is undefined: the page shows the expression itself.
 */
export function cronInWords(i18n: I18n, cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [minute, hour, day, month, weekday] = fields as [string, string, string, string, string];
  if (day !== '*' || month !== '*' || weekday !== '*') return undefined;
  if (minute === '*' && hour === '*') return i18n.t('schedule.everyMinute');
  if (!NUMBER.test(minute) || Number(minute) > 59) return undefined;
  const m = Number(minute);
  if (hour === '*') return m === 0 ? i18n.t('schedule.hourly') : i18n.t('schedule.everyHours', { count: 1, minute: pad(m) });
  const every = /^\*\/(\d{1,2})$/.exec(hour);
  const step = every ? Number(every[1]) : undefined;
  const hours = NUMBER.test(hour) && Number(hour) < 24 ? [Number(hour)] : step && step > 0 && step < 24 && 24 % step === 0 ? Array.from({ length: 24 / step }, (_, i) => i * step) : undefined;
  if (!hours) return undefined;
  // A few times a day read better as the times themselves: "Every day at 00:00 and 12:00".
  if (hours.length <= 4) return i18n.t('schedule.daily', { time: new Intl.ListFormat(i18n.locale, { type: 'conjunction' }).format(hours.map((h) => `${pad(h)}:${pad(m)}`)) });
  return i18n.t('schedule.everyHours', { count: step ?? 1, minute: pad(m) });
}
