/**
 * What operators count of Meta's push signals (this process's counters; sum them across processes):
 *
 * - wevion_meta_signals_total{kind,outcome}: every delivery at the intake. kind: deauthorize |
 *   data_deletion | webhook | handshake. outcome: accepted | duplicate (the same delivery again,
 *   nothing stored) | expired (issued too long ago: a replay) | malformed | signature_missing |
 *   signature_invalid | too_large | verified | refused (the handshake).
 * - wevion_meta_signal_changes_total{kind,outcome}: what processing found, one per change (a
 *   callback is one change). outcome: removal | permission | duplicate (a change recorded before:
 *   checked again, changes nothing twice) | stale (older than one recorded) | connected | unknown_person | unknown_field | unknown_object | other_app | malformed |
 *   business_install | business_uninstall | business_update (the `application` object) | unknown_business (no profile of it).
 * - wevion_meta_permission_checks_total{outcome}: the `GET /me/permissions` confirmations.
 * - wevion_meta_signals_unprocessed: deliveries stored and not processed yet (read at scrape time).
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export const INTAKE_KINDS = ['deauthorize', 'data_deletion', 'webhook', 'handshake'] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];
export const INTAKE_OUTCOMES = ['accepted', 'duplicate', 'expired', 'malformed', 'signature_missing', 'signature_invalid', 'too_large', 'verified', 'refused'] as const;
export type IntakeOutcome = (typeof INTAKE_OUTCOMES)[number];
export const CHANGE_OUTCOMES = ['removal', 'permission', 'duplicate', 'stale', 'connected', 'unknown_person', 'unknown_field', 'unknown_object', 'other_app', 'malformed', 'data_deletion', 'business_install', 'business_uninstall', 'business_update', 'unknown_business'] as const;
export type ChangeOutcome = (typeof CHANGE_OUTCOMES)[number];
export const CHECK_OUTCOMES = ['applied', 'unchanged', 'not_backed', 'superseded', 'not_active', 'inconclusive'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

export interface SignalMetrics {
  intake(kind: IntakeKind, outcome: IntakeOutcome): void;
  changes(kind: 'deauthorize' | 'data_deletion' | 'webhook', counts: Partial<Record<ChangeOutcome, number>>): void;
  check(outcome: CheckOutcome): void;
}

export function signalMetrics(registry: Registry | undefined, unprocessed: () => Promise<number>): SignalMetrics {
  const registers = registry ? [registry] : [];
  const existing = <T>(name: string) => registry?.getSingleMetric(name) as T | undefined;
  const intake =
    existing<Counter<'kind' | 'outcome'>>('wevion_meta_signals_total') ??
    new Counter({ name: 'wevion_meta_signals_total', help: 'Deliveries from Meta (callbacks, webhooks, the subscription handshake) by kind and intake outcome', labelNames: ['kind', 'outcome'], registers });
  const changes =
    existing<Counter<'kind' | 'outcome'>>('wevion_meta_signal_changes_total') ??
    new Counter({ name: 'wevion_meta_signal_changes_total', help: "Changes in Meta's deliveries by what processing found", labelNames: ['kind', 'outcome'], registers });
  const checks =
    existing<Counter<'outcome'>>('wevion_meta_permission_checks_total') ??
    new Counter({ name: 'wevion_meta_permission_checks_total', help: 'Permission changes Meta signalled, confirmed with GET /me/permissions, by outcome', labelNames: ['outcome'], registers });
  if (!existing('wevion_meta_signals_unprocessed')) {
    new Gauge({
      name: 'wevion_meta_signals_unprocessed',
      help: "Meta's deliveries stored and not processed yet (read from the database at scrape time)",
      registers,
      async collect() {
        try {
          this.set(await unprocessed());
        } catch {
          // The database is away: /readyz says so; the gauge is left as it was.
        }
      },
    });
  }
  // Every series exists from the start, so rate() and increase() see the first event.
  for (const kind of INTAKE_KINDS) for (const outcome of INTAKE_OUTCOMES) intake.inc({ kind, outcome }, 0);
  for (const outcome of CHECK_OUTCOMES) checks.inc({ outcome }, 0);
  return {
    intake: (kind, outcome) => intake.inc({ kind, outcome }),
    changes(kind, counts) {
      for (const [outcome, n] of Object.entries(counts)) if (n) changes.inc({ kind, outcome }, n);
    },
    check: (outcome) => checks.inc({ outcome }),
  };
}
