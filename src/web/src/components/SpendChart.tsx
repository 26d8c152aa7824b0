import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import type { InsightRow } from '../types.ts';

export interface DailyPoint {
  date: string;
  spend: number;
  impressions: number;
  clicks: number;
}

const DAY_MS = 86_400_000;

/** One point per day from `from` to `to` (YYYY-MM-DD); a day without a stored row is zero. */
export function dailySeries(rows: InsightRow[], from: string, to: string): DailyPoint[] {
  const byDate = new Map<string, DailyPoint>();
  for (const row of rows) {
    const point = byDate.get(row.date) ?? { date: row.date, spend: 0, impressions: 0, clicks: 0 };
    point.spend += Number(row.spend) || 0;
    point.impressions += Number(row.impressions) || 0;
    point.clicks += Number(row.clicks) || 0;
    byDate.set(row.date, point);
  }
  const out: DailyPoint[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    out.push(byDate.get(date) ?? { date, spend: 0, impressions: 0, clicks: 0 });
  }
  return out;
}

/** A round step so the axis reads 0, 50, 100… rather than 0, 47.3, 94.6. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 52 };

/** Daily spend as bars (inline SVG: no chart library, nothing from a CDN), with the numbers as a table too. */
export function SpendChart({ points, currency }: { points: DailyPoint[]; currency?: string }) {
  const { t, number, locale } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver((entries) => {
      const measured = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (measured > 0) setWidth(measured);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const money = (value: number, compact = false) =>
    number(value, currency ? { style: 'currency', currency, notation: compact ? 'compact' : 'standard', maximumFractionDigits: compact ? 1 : 2 } : { notation: compact ? 'compact' : 'standard', maximumFractionDigits: 2, minimumFractionDigits: compact ? 0 : 2 });
  const shortDate = (iso: string) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

  const total = points.reduce((sum, point) => sum + point.spend, 0);
  const max = Math.max(...points.map((point) => point.spend), 0);
  const step = max > 0 ? niceStep(max, 4) : 1;
  const top = max > 0 ? Math.ceil(max / step) * step : 4;
  const plotW = Math.max(10, width - PAD.left - PAD.right);
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, points.length);
  const barW = Math.max(2, Math.min(28, slot * 0.7));
  const y = (value: number) => PAD.top + plotH - (value / top) * plotH;
  const ticks: number[] = [];
  for (let value = 0; value <= top + step / 2; value += step) ticks.push(value);
  const labelEvery = Math.max(1, Math.ceil(points.length / Math.max(2, Math.floor(plotW / 64))));
  const first = points[0];
  const last = points[points.length - 1];
  const summary = first && last ? t('chart.summary', { from: shortDate(first.date), to: shortDate(last.date), total: money(total) }) : '';

  return (
    <figure className="chart">
      <div ref={box} className="chart-box">
        <svg width={width} height={HEIGHT} role="img" aria-label={summary} className="chart-svg">
          {ticks.map((value) => (
            <g key={value}>
              <line x1={PAD.left} x2={width - PAD.right} y1={y(value)} y2={y(value)} className="chart-grid" />
              <text x={PAD.left - 8} y={y(value)} dy="0.32em" textAnchor="end" className="chart-label">
                {money(value, true)}
              </text>
            </g>
          ))}
          {points.map((point, index) => {
            const height = Math.max(point.spend > 0 ? 1 : 0, PAD.top + plotH - y(point.spend));
            return (
              <rect key={point.date} x={PAD.left + index * slot + (slot - barW) / 2} y={PAD.top + plotH - height} width={barW} height={height} rx={Math.min(3, barW / 3)} className="chart-bar">
                <title>{`${shortDate(point.date)}: ${money(point.spend)}`}</title>
              </rect>
            );
          })}
          {points.map((point, index) =>
            index % labelEvery === 0 ? (
              <text key={point.date} x={PAD.left + index * slot + slot / 2} y={HEIGHT - 8} textAnchor="middle" className="chart-label">
                {shortDate(point.date)}
              </text>
            ) : null,
          )}
        </svg>
      </div>
      <figcaption className="chart-caption">{summary}</figcaption>
      <details className="chart-table">
        <summary>{t('chart.showTable')}</summary>
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('chart.date')}</th>
              <th scope="col" className="num">{t('chart.spend')}</th>
              <th scope="col" className="num">{t('chart.impressions')}</th>
              <th scope="col" className="num">{t('chart.clicks')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.date}>
                <th scope="row">{shortDate(point.date)}</th>
                <td className="num">{money(point.spend)}</td>
                <td className="num">{number(point.impressions)}</td>
                <td className="num">{number(point.clicks)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
