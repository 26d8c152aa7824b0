import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { z } from 'zod';
import { alertTypeText } from '../alerts.ts';
import { ApiError, call, client } from '../api.ts';
import { DeliveryLog } from '../components/DeliveryLog.tsx';
import { useAction } from '../components/action.ts';
import { Field, SubmitButton, useZodForm } from '../components/form.tsx';
import { useToast } from '../components/toasts.tsx';
import { Alert, Card, ErrorPanel, Loading, PageHeader } from '../components/ui.tsx';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { queryKeys } from '../queries/keys.ts';
import '../components/switch.css';

/** What Telegram's @BotFather hands out: digits, a colon, then the secret part. */
const BOT_TOKEN_PATTERN = /^\d{3,20}:[A-Za-z0-9_-]{30,100}$/;

function CriticalCard() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: queryKeys.alerts.settings(), queryFn: ({ signal }) => call(client.GET('/api/alerts/settings', { signal })) });
  const [said, setSaid] = useState('');
  // One save after another (one queue), and the switch stays enabled (and focused) meanwhile.
  const save = useAction({
    run: (requireCritical: boolean) => call(client.PUT('/api/alerts/settings', { body: { requireCritical } })),
    queue: 'alert-settings',
    onDone: (next) => {
      queryClient.setQueryData(queryKeys.alerts.settings(), next);
      setSaid(next.requireCritical ? t('adminAlerts.requiredOn') : t('adminAlerts.requiredOff'));
    },
    onFailed: () => setSaid(''),
  });
  const status = save.busy ? t('common.saving') : said;
  const pending = save.queued.at(-1);
  const data = settings.data;
  const change = (requireCritical: boolean) => save.run(requireCritical);

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
  const [confirming, setConfirming] = useState(false);
  const state = status.data;
  const schema = useMemo(() => z.object({ botToken: z.string().trim().min(1, t('adminAlerts.botTokenRequired')).regex(BOT_TOKEN_PATTERN, t('adminAlerts.botTokenFormat')) }), [t]);
  const { register, handleSubmit, setError, setFocus, setValue, formState } = useZodForm(schema, { botToken: '' });
  const remove = useAction({
    run: () => call(client.DELETE('/api/alerts/telegram/bot')),
    onDone: () => setConfirming(false),
    doneText: () => t('adminAlerts.botRemoved'),
    invalidates: [queryKeys.alerts.telegram()],
  });

  const busy = remove.busy || formState.isSubmitting;
  const failure = formState.errors.root?.server?.message;

  // The token is cleared from the form as soon as it is sent, whatever the answer.
  const submit = handleSubmit(async ({ botToken }) => {
    setValue('botToken', '');
    try {
      const next = await call(client.PUT('/api/alerts/telegram/bot', { body: { botToken } }));
      queryClient.setQueryData(queryKeys.alerts.telegram(), next);
      toast('success', t('adminAlerts.botSaved', { bot: next.botUsername ?? '' }));
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'invalid_token' || error.code === 'invalid_input')) {
        setError('botToken', { message: t('adminAlerts.botInvalid') });
        setFocus('botToken');
      } else setError('root.server', { message: errorText(i18n, error) });
    }
  });

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
          <form
            className="form bot-form"
            onSubmit={(event) => {
              // The button stays focusable while busy (aria-disabled), so a second press is ignored here.
              if (busy) event.preventDefault();
              else void submit(event);
            }}
            noValidate
          >
            <p className="muted">{t('adminAlerts.botHow')}</p>
            <Field
              id="bot-token"
              label={t('adminAlerts.botToken')}
              help={`${t('adminAlerts.botTokenHelp')}${state.botConfigured ? ` ${t('adminAlerts.botReplaceWarning')}` : ''}`}
              error={formState.errors.botToken?.message}
              announce
              registration={register('botToken')}
              type="password"
              autoComplete="off"
              spellCheck={false}
            />
            <div className="form-actions">
              <SubmitButton keepFocus busy={busy} label={state.botConfigured ? t('adminAlerts.botReplace') : t('adminAlerts.botSave')} busyLabel={t('adminAlerts.botSaving')} />
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
              <button type="button" className="btn btn-danger" onClick={() => !busy && remove.run()} aria-disabled={busy}>
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
