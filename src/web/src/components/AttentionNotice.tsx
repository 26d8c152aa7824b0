import { useI18n } from '../i18n/index.tsx';
import { useAttention } from '../metaUsers.ts';
import { pathFor, reconnectPath } from '../paths.ts';
import { Link } from '../router.tsx';
import { useRefetchOnNavigation } from '../queries/refetchOnNavigation.ts';
import { WarningIcon } from './icons.tsx';
import './AttentionNotice.css';

/** The Meta Users list showing only the profiles that need attention (see MetaUsersPage). */
export const ATTENTION_FILTER = 'attention';

/**
 * One line on every signed-in page while a profile needs someone to act (Expired, Inactive, not
 * renewed by Meta, or a permission declined): how many, and the fix — with one profile, Reconnect
 * goes straight to Meta's dialog for it (and the line says whom to log in as); with more, the
 * list filtered to them. A status region, so a screen reader hears it appear and go; the words
 * and the icon carry the meaning, not the colour.
 */
export function AttentionNotice() {
  const { t } = useI18n();
  const attention = useAttention();
  const { refetch } = attention;
  useRefetchOnNavigation(refetch);

  const count = attention.data?.count ?? 0;
  const only = count === 1 ? attention.data?.metaUsers[0] : undefined;
  // A System User is fixed by pasting a new token on its page: the link goes there instead.
  const direct = only && only.tokenType === 'user';
  return (
    <div className="attention-region" role="status" aria-label={t('attention.label')}>
      {count > 0 && (
        <p className="attention-notice" data-testid="attention-notice" data-count={count}>
          <WarningIcon />
          <span className="attention-text">{t('attention.count', { count })}</span>{' '}
          {direct ? (
            <>
              <a href={reconnectPath(only.id)} className="attention-link" aria-describedby="attention-hint">
                {t('attention.reconnect')}
                <span className="visually-hidden"> — {only.name}</span>
              </a>{' '}
              <span id="attention-hint" className="attention-hint">
                {t('reconnect.logInAs', { name: only.name })}
              </span>
            </>
          ) : (
            <Link to={only ? pathFor('metaUser', { id: only.id }) : `${pathFor('metaUsers')}?filter=${ATTENTION_FILTER}`} className="attention-link">
              {t('attention.reconnect')}
              {only && <span className="visually-hidden"> — {only.name}</span>}
            </Link>
          )}
        </p>
      )}
    </div>
  );
}
