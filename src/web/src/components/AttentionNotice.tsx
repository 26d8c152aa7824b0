import { useI18n } from '../i18n/index.tsx';
import { useAttention } from '../metaUsers.ts';
import { pathFor } from '../paths.ts';
import { Link } from '../router.tsx';
import { useRefetchOnNavigation } from '../queries/refetchOnNavigation.ts';
import { WarningIcon } from './icons.tsx';
import './AttentionNotice.css';

/** The Meta Users list showing only the profiles that need attention (see MetaUsersPage). */
export const ATTENTION_FILTER = 'attention';

/**
 * One line on every signed-in page while a profile needs someone to act (Expired, Inactive, or
 * not renewed by Meta): how many, and where to reconnect — the profile itself when there is one,
 * else the list filtered to them. A status region, so a screen reader hears it appear and go;
 * the words and the icon carry the meaning, not the colour.
 */
export function AttentionNotice() {
  const { t } = useI18n();
  const attention = useAttention();
  const { refetch } = attention;
  useRefetchOnNavigation(refetch);

  const count = attention.data?.count ?? 0;
  const only = count === 1 ? attention.data?.metaUsers[0] : undefined;
  const to = only ? pathFor('metaUser', { id: only.id }) : `${pathFor('metaUsers')}?filter=${ATTENTION_FILTER}`;
  return (
    <div className="attention-region" role="status" aria-label={t('attention.label')}>
      {count > 0 && (
        <p className="attention-notice" data-testid="attention-notice" data-count={count}>
          <WarningIcon />
          <span className="attention-text">{t('attention.count', { count })}</span>{' '}
          <Link to={to} className="attention-link">
            {t('attention.reconnect')}
            {only && <span className="visually-hidden"> — {only.name}</span>}
          </Link>
        </p>
      )}
    </div>
  );
}
