import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { alertTypeText } from '../alerts.ts';
import { ApiError, call, client } from '../api.ts';
import { DeliveryLog } from '../components/DeliveryLog.tsx';
import { useToast } from '../components/toasts.tsx';
import { Alert, Card, ErrorPanel, Loading, PageHeader } from '../components/ui.tsx';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { queryKeys } from '../data/keys.ts';

/** What Telegram's @BotFather hands out: digits, a colon, then the secret part. */
const BOT_TOKEN_PATTERN = /^\d{3,20}:[A-Za-z0-9_-]{30,100}$/;

function CriticalCard() {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: queryKeys.alerts.settings(), queryFn: ({ signal }) => call(client.GET('/api/alerts/settings', { signal })) });
  const [pending, setPending] = useState<boolean | undefined>(undefined);
  const [status, setStatus] = useState('');
  // One save after another, and the switch stays enabled (and focused) meanwhile.
  const chain = useRef<Promise<void>>(Promise.resolve());
  const latest = useRef(0);
  const data = settings.data;

  const change = (requireCritical: boolean) => {
    const version = ++latest.current;
    setPending(requireCritical);
    setStatus(t('common.saving'));
    chain.current = chain.current.then(async () => {
      try {
        const next = await call(client.PUT('/api/alerts/settings', { body: { requireCritical } }));
        queryClient.setQueryData(queryKeys.alerts.settings(), next);
        setStatus(next.requireCritical ? t('adminAlerts.requiredOn') : t('adminAlerts.requiredOff'));
      } catch (error) {
        setStatus('');
        toast('danger', errorText(i18n, error));
      } finally {
        if (latest.current === version) setPending(undefined);
      }
    });
  };

  return (
    <Card title={t('adminAlerts.criticalTitle')} id="critical">
      {settings.error && !data ? (
        <ErrorPanel error={settings.error} onRetry={() => void settings.refetch()} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <div className="switch-field">
            <input
              id="require-critical"
              type="checkbox"
              role="switch"
              className="switch"
              checked={pending ?? data.requireCritical}
              aria-describedby="require-critical-help"
              onChange={(event) => change(event.target.checked)}
            />
            <label htmlFor="require-critical">{t('adminAlerts.requireCritical')}</label>
          </div>
          <p className="field-help switch-help" id="require-critical-help">
            {t('adminAlerts.requireCriticalHelp', { types: data.criticalTypes.map((type) => alertTypeText(i18n, type)).join(', ') })}
          </p>
          <p className="save-status" role="status">
            {status}
          </p>
        </>
      )}
    </Card>
  );
}

/** The workspace's Telegram bot: the token goes in once, is checked by Telegram, and never comes back. */
function BotCard() {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: queryKeys.alerts.telegram(), queryFn: ({ signal }) => call(client.GET('/api/alerts/telegram', { signal })) });
  const [token, setToken] = useState('');
  const [tokenError, setTokenError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const state = status.data;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const value = token.trim();
    const problem = !value ? t('adminAlerts.botTokenRequired') : !BOT_TOKEN_PATTERN.test(value) ? t('adminAlerts.botTokenFormat') : undefined;
    setTokenError(problem);
    setFailure(undefined);
    if (problem) return input.current?.focus();
    setBusy(true);
    setToken('');
    try {
      const next = await call(client.PUT('/api/alerts/telegram/bot', { body: { botToken: value } }));
      queryClient.setQueryData(queryKeys.alerts.telegram(), next);
      toast('success', t('adminAlerts.botSaved', { bot: next.botUsername ?? '' }));
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'invalid_token' || error.code === 'invalid_input')) {
        setTokenError(t('adminAlerts.botInvalid'));
        input.current?.focus();
      } else setFailure(errorText(i18n, error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await call(client.DELETE('/api/alerts/telegram/bot'));
      setConfirming(false);
      toast('success', t('adminAlerts.botRemoved'));
      await queryClient.invalidateQueries({ queryKey: queryKeys.alerts.telegram() });
    } catch (error) {
      toast('danger', errorText(i18n, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('adminAlerts.botTitle')} id="bot">
      {status.error && !state ? (
        <ErrorPanel error={status.error} onRetry={() => void status.refetch()} />
      ) : !state ? (
        <Loading />
      ) : (
        <>
          <p className="bot-state" data-testid="bot-state">
            {state.botConfigured ? (
              <>
                <span className="pill pill-granted">{t('adminAlerts.botConfigured')}</span> {t('adminAlerts.botSet', { bot: state.botUsername ?? '' })}
              </>
            ) : (
              <span className="muted">{t('adminAlerts.botNone')}</span>
            )}
          </p>
          {failure && (
            <Alert tone="danger">
              <p>{failure}</p>
            </Alert>
          )}
          <form className="form bot-form" onSubmit={(event) => void submit(event)} noValidate>
            <p className="muted">{t('adminAlerts.botHow')}</p>
            <div className="field">
              <label htmlFor="bot-token">{t('adminAlerts.botToken')}</label>
              <input
                ref={input}
                id="bot-token"
                name="botToken"
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={token}
                onChange={(event) => setToken(event.target.value)}
                aria-invalid={tokenError ? true : undefined}
                aria-describedby={`bot-token-help${tokenError ? ' bot-token-error' : ''}`}
              />
              <p className="field-help" id="bot-token-help">
                {t('adminAlerts.botTokenHelp')}
                {state.botConfigured && ` ${t('adminAlerts.botReplaceWarning')}`}
              </p>
              {tokenError && (
                <p className="field-error" id="bot-token-error" role="alert">
                  {tokenError}
                </p>
              )}
            </div>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" aria-disabled={busy}>
                {busy ? t('adminAlerts.botSaving') : state.botConfigured ? t('adminAlerts.botReplace') : t('adminAlerts.botSave')}
              </button>
              {state.botConfigured && !confirming && (
                <button type="button" className="btn btn-danger-outline" onClick={() => setConfirming(true)} disabled={busy}>
                  {t('adminAlerts.botRemove')}
                </button>
              )}
            </div>
          </form>
          {state.botConfigured && confirming && (
            <div className="form-actions confirm-row" role="group" aria-label={t('adminAlerts.botRemove')}>
              <p className="confirm-text">{t('adminAlerts.botRemoveConfirm', { bot: state.botUsername ?? '' })}</p>
              <button type="button" className="btn btn-danger" onClick={() => void remove()} aria-disabled={busy}>
                {t('adminAlerts.botRemoveYes')}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)} aria-disabled={busy}>
                {t('common.cancel')}
              </button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

export function AdminAlertsPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('adminAlerts.title')} intro={t('adminAlerts.intro')} />
      <div className="detail-grid">
        <CriticalCard />
        <BotCard />
      </div>
      <DeliveryLog workspace id="workspace-deliveries" />
    </>
  );
}
