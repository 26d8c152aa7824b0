import { call, client } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import type { Locale } from '../types.ts';
import { usePagedQuery } from '../queries/paged.ts';
import { Card, ErrorPanel, Loading, ShowMore } from './ui.tsx';

type Request = { code: string; status: 'pending' | 'completed'; requestedAt: string; completedAt: string | null; deleted: Record<string, number> };

/**
 * The section's own words, in both languages. Kept beside the one component that says them (not
 * in the shared catalogues, which the Meta Users rework edits in parallel).
 */
const WORDS: Record<Locale, Record<string, string>> = {
  en: {
    title: 'Data deletion requests (Meta)',
    intro:
      'A person who asks Meta to delete their data has everything Wevion held about them deleted: tokens, profile, permissions, timeline, notifications. The business’s ad accounts, pages, insights and campaigns stay. The person’s name is deleted too, so a request is known by its confirmation code.',
    empty: 'No data deletion request has reached this workspace.',
    code: 'Confirmation code',
    status: 'Status',
    requested: 'Requested',
    deleted: 'Deleted here',
    pending: 'Under way',
    completed: 'Done',
    profiles: 'Profiles',
    tokens: 'Tokens',
    timelineEvents: 'Timeline events',
    notifications: 'Notifications',
    emails: 'Emails',
    assetPermissions: 'Asset permissions',
    checkouts: 'Checkout records',
    webhookDeliveries: 'Webhook deliveries',
    metaSignals: 'Meta messages',
  },
  it: {
    title: 'Richieste di cancellazione dei dati (Meta)',
    intro:
      'Quando una persona chiede a Meta di cancellare i suoi dati, Wevion cancella tutto ciò che conservava su di lei: token, profilo, permessi, cronologia, notifiche. Account pubblicitari, pagine, insight e campagne dell’azienda restano. Anche il nome della persona viene cancellato: una richiesta si riconosce dal codice di conferma.',
    empty: 'Nessuna richiesta di cancellazione dei dati ha riguardato quest’area di lavoro.',
    code: 'Codice di conferma',
    status: 'Stato',
    requested: 'Richiesta',
    deleted: 'Cancellato qui',
    pending: 'In corso',
    completed: 'Fatto',
    profiles: 'Profili',
    tokens: 'Token',
    timelineEvents: 'Eventi della cronologia',
    notifications: 'Notifiche',
    emails: 'Email',
    assetPermissions: 'Permessi sugli asset',
    checkouts: 'Registrazioni di checkout',
    webhookDeliveries: 'Invii webhook',
    metaSignals: 'Messaggi di Meta',
  },
};

const COUNTED = ['profiles', 'tokens', 'timelineEvents', 'notifications', 'emails', 'assetPermissions', 'checkouts', 'webhookDeliveries', 'metaSignals'];

/** The data deletion requests that reached the workspace (admins), newest first. */
export function DataDeletionRequests() {
  const i18n = useI18n();
  const w = WORDS[i18n.locale];
  const paged = usePagedQuery<Request>(['meta-signals', 'data-deletions'], async (after, signal) => {
    const page = await call(client.GET('/api/meta-signals/data-deletions', { params: { query: { limit: 50, ...(after ? { after } : {}) } }, signal }));
    return { items: page.requests, nextCursor: page.nextCursor };
  });
  const list = paged.items;
  // In a fixed order (the database keeps JSON keys in its own), as "what: how many".
  const counts = (deleted: Record<string, number>) =>
    [...COUNTED, ...Object.keys(deleted).filter((key) => !COUNTED.includes(key))]
      .filter((key) => (deleted[key] ?? 0) > 0)
      .map((key) => `${w[key] ?? key}: ${i18n.number(deleted[key] ?? 0)}`)
      .join(' · ') || '—';

  return (
    <Card title={w.title} id="data-deletions" className="card-flush card-flush-always">
      <p className="muted card-body-intro">{w.intro}</p>
      {paged.error && !list ? (
        <div className="card-body">
          <ErrorPanel error={paged.error} onRetry={() => void paged.refetch()} />
        </div>
      ) : !list ? (
        <div className="card-body">
          <Loading />
        </div>
      ) : list.length === 0 ? (
        <p className="card-body muted" data-testid="data-deletions-empty">
          {w.empty}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table responsive-table">
            <thead>
              <tr>
                <th scope="col">{w.code}</th>
                <th scope="col">{w.status}</th>
                <th scope="col">{w.requested}</th>
                <th scope="col">{w.deleted}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((request) => (
                <tr key={request.code} data-testid="data-deletion-row" data-status={request.status}>
                  <td>
                    <code>{request.code}</code>
                  </td>
                  <td data-label={w.status}>
                    <span className={`pill ${request.status === 'completed' ? 'pill-granted' : 'pill-missing'}`}>{request.status === 'completed' ? w.completed : w.pending}</span>
                  </td>
                  <td data-label={w.requested}>
                    <time dateTime={request.requestedAt} title={i18n.dateTime(request.requestedAt)} className="nowrap">
                      {i18n.relative(request.requestedAt)}
                    </time>
                  </td>
                  <td data-label={w.deleted}>{counts(request.deleted)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ShowMore paged={paged} />
        </div>
      )}
    </Card>
  );
}
