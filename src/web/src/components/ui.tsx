import { useEffect, type ReactNode } from 'react';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import type { TokenStatus } from '../types.ts';
import { CheckIcon, InfoIcon, WarningIcon } from './icons.tsx';
import './card-flush.css';
import './table.css';
import './ui.css';

export function StatusBadge({ status }: { status: TokenStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {t(`status.${status}`)}
    </span>
  );
}

const AVATAR_TONES = 6;

/** The first letter of a name on a tinted disc; the tint is stable per name. */
export function Avatar({ name, size = 'md' }: { name: string; size?: 'md' | 'lg' }) {
  const letter = Array.from(name.trim())[0]?.toLocaleUpperCase() ?? '?';
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return (
    <span className={`avatar avatar-${size} avatar-tone-${hash % AVATAR_TONES}`} aria-hidden="true">
      {letter}
    </span>
  );
}

type Tone = 'info' | 'success' | 'warning' | 'danger';

export function Alert({ tone, title, children, onDismiss, live = true }: { tone: Tone; title?: string; children?: ReactNode; onDismiss?: () => void; live?: boolean }) {
  const { t } = useI18n();
  const icon = tone === 'success' ? <CheckIcon /> : tone === 'info' ? <InfoIcon /> : <WarningIcon />;
  const role = live ? (tone === 'danger' ? 'alert' : 'status') : undefined;
  return (
    <div className={`alert alert-${tone}`} role={role}>
      <span className="alert-icon">{icon}</span>
      <div className="alert-body">
        {title && <p className="alert-title">{title}</p>}
        {children && <div className="alert-text">{children}</div>}
      </div>
      {onDismiss && (
        <button type="button" className="btn btn-ghost btn-sm alert-dismiss" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      )}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  return (
    <Alert tone="danger" title={i18n.t('common.loadFailed')}>
      <p>{errorText(i18n, error)}</p>
      {onRetry && (
        <button type="button" className="btn btn-secondary btn-sm" onClick={onRetry}>
          {i18n.t('common.retry')}
        </button>
      )}
    </Alert>
  );
}

/** The page's title (the target of focus after navigation) and its main actions. */
export function PageHeader({ title, intro, actions, before }: { title: string; intro?: ReactNode; actions?: ReactNode; before?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Wevion Token Health`;
  }, [title]);
  return (
    <header className="page-header">
      {before}
      <div className="page-header-row">
        <div className="page-header-text">
          <h1 id="page-title" tabIndex={-1}>
            {title}
          </h1>
          {intro && <p className="page-intro">{intro}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
    </header>
  );
}

export function EmptyState({ title, children, action, icon }: { title: string; children?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      {icon && <div className="empty-icon">{icon}</div>}
      <h2 id="empty-title">{title}</h2>
      {children}
      {action && <div className="empty-action">{action}</div>}
    </section>
  );
}

export function Card({ title, children, actions, id, className }: { title?: string; children: ReactNode; actions?: ReactNode; id?: string; className?: string }) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={headingId} id={id}>
      {(title || actions) && (
        <div className="card-header">
          {title && <h2 id={headingId}>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}

/** "Show more" under a paged list: the next page on request (lists are paged by the API). */
export function ShowMore({ paged, label }: { paged: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage(): Promise<unknown> }; label?: string }) {
  const { t } = useI18n();
  if (!paged.hasNextPage) return null;
  return (
    <div className="show-more">
      <button type="button" className="btn btn-secondary" onClick={() => void paged.fetchNextPage()} disabled={paged.isFetchingNextPage} data-testid="show-more">
        {paged.isFetchingNextPage ? t('common.loading') : (label ?? t('common.showMore'))}
      </button>
    </div>
  );
}
