import { useI18n } from '../i18n/index.tsx';
import { canGrantMissing, usePermissions } from '../metaUsers.ts';
import type { MetaUser } from '../types.ts';
import { ReconnectButton } from './ProfileActions.tsx';
import { Alert, Card } from './ui.tsx';

type State = 'granted' | 'declined' | 'missing' | 'unknown';

/**
 * Every permission Wevion asks for, what it allows and what stops without it. A token Meta no
 * longer accepts says nothing about what it holds: what it was granted shows as unknown until a
 * reconnect reads it again (never "Granted" in green on a dead token).
 */
export function Permissions({ user }: { user: MetaUser }) {
  const { t, locale } = useI18n();
  // The requested permissions and their words come from the server (GET /api/permissions).
  const catalogue = usePermissions().data ?? [];
  const texts = new Map(catalogue.map((p) => [p.scope as string, { name: p.name, allows: p.allows[locale], without: p.without[locale] }]));
  const granted = new Set(user.grantedScopes);
  const declined = new Set(user.declinedScopes);
  const requested = catalogue.map((p) => p.scope as string);
  const extra = [...granted, ...declined].filter((scope) => scope !== 'public_profile' && !requested.includes(scope));
  const scopes = [...requested, ...new Set(extra)];
  const broken = user.status !== 'active';
  const stateOf = (scope: string): State => (declined.has(scope) ? 'declined' : broken ? 'unknown' : granted.has(scope) ? 'granted' : 'missing');
  return (
    <Card title={t('detail.permissions')} id="permissions" actions={canGrantMissing(user) && !broken ? <ReconnectButton user={user} label={t('detail.grantMissing')} /> : undefined}>
      <p className="muted card-intro">{t('detail.permissionsIntro')}</p>
      {broken && (
        <Alert tone="info" live={false} title={t('perm.unknownBroken')}>
          <p>{t('detail.permissionsBroken')}</p>
        </Alert>
      )}
      {user.declinedScopes.length > 0 && (
        <Alert tone="warning" live={false}>
          <p>{t('detail.missingWarning', { count: user.declinedScopes.length })}</p>
        </Alert>
      )}
      <ul className="permission-list">
        {scopes.map((scope) => {
          const text = texts.get(scope);
          const state = stateOf(scope);
          return (
            <li key={scope} className={`permission permission-${state}`} data-scope={scope} data-state={state}>
              <div className="permission-head">
                <span className="permission-name">
                  {text?.name ?? scope} <code>{scope}</code>
                </span>
                <span className={`pill pill-${state}`} title={state === 'unknown' ? t('perm.unknownBroken') : undefined}>
                  {state === 'unknown' ? t('perm.unknownShort') : t(`perm.${state}`)}
                </span>
              </div>
              <p className="permission-allows">{text?.allows ?? t('perm.unknown')}</p>
              {(state === 'declined' || state === 'missing') && text && (
                <p className="permission-without">
                  <strong>{t('perm.without')}</strong> {text.without}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
