import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ALERT_TYPES, alertTypeText, channelText, CHANNELS } from '../alerts.ts';
import { ApiError, call, client } from '../api.ts';
import { DeliveryLog } from '../components/DeliveryLog.tsx';
import { useAction } from '../components/action.ts';
import { Alert, Card, ErrorPanel, Loading, PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { AlertChannel, AlertPreferences, AlertType, TelegramLinkCode } from '../types.ts';
import { queryKeys } from '../queries/keys.ts';
import { pathFor } from '../paths.ts';
import './AlertPreferences.css';
import '../components/switch.css';

type Row = AlertPreferences['preferences'][number];

/** An on/off switch: a real checkbox (keyboard, forms, screen readers) drawn as a switch. */
export function Switch({ checked, disabled, label, onChange, describedBy, title }: { checked: boolean; disabled?: boolean; label: string; onChange?(checked: boolean): void; describedBy?: string; title?: string }) {
  return (
    <input
      title={title}
      type="checkbox"
      role="switch"
      className="switch"
      checked={checked}
      disabled={disabled}
      aria-label={label}
      aria-describedby={describedBy}
      onChange={(event) => onChange?.(event.target.checked)}
    />
  );
}

function PreferencesTable({ prefs, onSaved }: { prefs: AlertPreferences; onSaved(next: AlertPreferences): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [said, setSaid] = useState('');
  // Saves go one after another (one queue), so the last answer (the whole table) reflects every
  // change; the switches stay enabled meanwhile, so keyboard focus never drops off the one toggled.
  const save = useAction({
    run: ({ type, channel, enabled }: { type: AlertType; channel: AlertChannel; enabled: boolean }) =>
      call(client.PUT('/api/alerts/preferences', { body: { preferences: [{ type, channel, enabled }] } })),
    queue: 'alert-preferences',
    onDone: (next, { type, channel, enabled }) => {
      onSaved(next);
      const words = { channel: channelText(i18n, channel), type: alertTypeText(i18n, type) };
      setSaid(enabled ? t('prefs.switchedOn', words) : t('prefs.switchedOff', words));
    },
    onFailed: () => setSaid(''),
  });
  const status = save.busy ? t('common.saving') : said;

  // A switch shows the last value asked for until the service has answered it.
  const value = (row: Row, channel: AlertChannel) => save.queued.findLast((asked) => asked.type === row.type && asked.channel === channel)?.enabled ?? row[channel];
  const available = (channel: AlertChannel) => prefs.channels[channel].available;
  const change = (type: AlertType, channel: AlertChannel, enabled: boolean) => save.run({ type, channel, enabled });

  const criticalNames = prefs.preferences.filter((row) => row.critical).map((row) => alertTypeText(i18n, row.type));
  return (
    <Card
      title={t('prefs.tableTitle')}
      id="preferences"
      className="card-flush card-flush-always"
      actions={
        <p className="save-status" role="status" data-testid="preferences-status">
          {status}
        </p>
      }
    >
      {prefs.requireCritical && (
        <div className="card-body card-body-tight">
          <Alert tone="info" live={false}>
            <p id="required-note">{t('prefs.requiredNote', { types: criticalNames.join(', ') })}</p>
          </Alert>
        </div>
      )}
      <div className="table-scroll">
        <table className="table prefs-table">
          <thead>
            <tr>
              <th scope="col">{t('prefs.colAlert')}</th>
              <th scope="col" className="prefs-channel">
                {t('channel.inApp')}
              </th>
              {CHANNELS.map((channel) => (
                <th key={channel} scope="col" className="prefs-channel">
                  {channelText(i18n, channel)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...prefs.preferences]
              .sort((a, b) => ALERT_TYPES.indexOf(a.type) - ALERT_TYPES.indexOf(b.type))
              .map((row) => (
                <tr key={row.type} data-testid="preference-row" data-type={row.type} data-locked={row.locked}>
                  <th scope="row">
                    <span className="prefs-type">
                      {alertTypeText(i18n, row.type)}
                      {row.locked && <span className="pill pill-required">{t('prefs.required')}</span>}
                    </span>
                    <span className="prefs-help">{t(`alertHelp.${row.type}`)}</span>
                  </th>
                  <td className="prefs-channel" data-label={t('channel.inApp')}>
                    <Switch checked disabled title={t('prefs.alwaysOn')} label={`${t('prefs.toggle', { channel: t('channel.inApp'), type: alertTypeText(i18n, row.type) })} — ${t('prefs.alwaysOn')}`} />
                  </td>
                  {CHANNELS.map((channel) => (
                    <td key={channel} className="prefs-channel" data-label={channelText(i18n, channel)}>
                      {available(channel) ? (
                        <Switch
                          checked={value(row, channel)}
                          disabled={row.locked}
                          label={t('prefs.toggle', { channel: channelText(i18n, channel), type: alertTypeText(i18n, row.type) })}
                          describedBy={row.locked ? 'required-note' : undefined}
                          title={row.locked ? t('prefs.required') : undefined}
                          onChange={(enabled) => change(row.type, channel, enabled)}
                        />
                      ) : (
                        <span className="muted prefs-na">{t('prefs.notAvailable')}</span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      <ul className="card-body prefs-notes muted">
        <li>{prefs.channels.email.available ? t('prefs.emailTo', { address: prefs.channels.email.address }) : t('prefs.emailUnavailable')}</li>
        <li>{!prefs.channels.telegram.available ? t('prefs.telegramUnavailable') : prefs.channels.telegram.linked ? t('tg.linked', { bot: prefs.channels.telegram.botUsername ?? '' }) : t('prefs.telegramNotLinked')}</li>
      </ul>
    </Card>
  );
}

/** Links the member's Telegram chat to the workspace's bot with a one-time `/start CODE`. */
function TelegramCard({ onChanged }: { onChanged(): void }) {
  const i18n = useI18n();
  const { t, date, time } = i18n;
  const { session } = useSession();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: queryKeys.alerts.telegram(), queryFn: ({ signal }) => call(client.GET('/api/alerts/telegram', { signal })) });
  const reloadStatus = () => void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.telegram() });
  const [code, setCode] = useState<TelegramLinkCode | undefined>(undefined);
  const [notYet, setNotYet] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [focusId, setFocusId] = useState<string | undefined>(undefined);
  const state = status.data;

  // After each step, focus goes to what the person has to read or do next.
  useEffect(() => {
    if (!focusId) return;
    const element = document.getElementById(focusId);
    if (element) {
      element.focus();
      setFocusId(undefined);
    }
  });

  // An admin may have removed the bot meanwhile: the card reads the state again to say so.
  const onFailed = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'telegram_not_configured') reloadStatus();
  };
  const getCode = useAction({
    run: () => call(client.POST('/api/alerts/telegram/link-code')),
    onDone: (next) => {
      setCode(next);
      setFocusId('tg-send');
    },
    onFailed,
  });
  const check = useAction({
    run: () => call(client.POST('/api/alerts/telegram/check')),
    onDone: (next) => {
      queryClient.setQueryData(queryKeys.alerts.telegram(), next);
      if (!next.linked) return setNotYet(true);
      setCode(undefined);
      setFocusId('tg-linked');
      onChanged();
    },
    doneText: (next) => (next.linked ? t('tg.linkedToast') : undefined),
    onFailed,
  });
  const unlink = useAction({
    run: () => call(client.DELETE('/api/alerts/telegram/link')),
    onDone: () => {
      setConfirming(false);
      setFocusId('tg-link');
      onChanged();
    },
    doneText: () => t('tg.unlinked'),
    invalidates: [queryKeys.alerts.telegram()],
    onFailed,
  });
  // One step at a time: the buttons keep focus while off (aria-disabled), so a press is ignored here.
  const busy = getCode.busy || check.busy || unlink.busy;
  const act = (action: { run(): void }) => () => {
    if (busy) return;
    setNotYet(false);
    action.run();
  };

  let body;
  if (status.error && !state) body = <ErrorPanel error={status.error} onRetry={reloadStatus} />;
  else if (!state) body = <Loading />;
  else if (!state.botConfigured) {
    body = (
      <>
        <p className="muted">{t('tg.notConfigured')}</p>
        {session.member.role === 'admin' && (
          <p className="card-footer-actions">
            <Link to={pathFor('adminAlerts')} className="btn btn-secondary btn-sm">
              {t('tg.setUpBot')}
            </Link>
          </p>
        )}
      </>
    );
  } else if (state.linked) {
    body = (
      <>
        <p className="tg-linked" data-testid="telegram-linked" id="tg-linked" tabIndex={-1}>
          <span className="pill pill-granted">{t('tg.linkedPill')}</span> {t('tg.linked', { bot: state.botUsername ?? '' })}
          {state.linkedAt && <span className="muted"> {t('tg.linkedSince', { date: date(state.linkedAt) })}</span>}
        </p>
        {confirming ? (
          <div className="form-actions confirm-row" role="group" aria-label={t('tg.unlink')}>
            <p className="confirm-text" id="tg-unlink-confirm" tabIndex={-1}>
              {t('tg.unlinkConfirm')}
            </p>
            <button type="button" className="btn btn-danger" onClick={act(unlink)} aria-disabled={busy}>
              {t('tg.unlinkYes')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)} aria-disabled={busy}>
              {t('common.cancel')}
            </button>
          </div>
        ) : (
          <p className="card-footer-actions">
            <button type="button" className="btn btn-danger-outline btn-sm" onClick={() => {
              setConfirming(true);
              setFocusId('tg-unlink-confirm');
            }}>
              {t('tg.unlink')}
            </button>
          </p>
        )}
      </>
    );
  } else if (!code) {
    body = (
      <>
        <p>{t('tg.notLinked', { bot: state.botUsername ?? '' })}</p>
        <p className="card-footer-actions">
          <button type="button" id="tg-link" className="btn btn-primary" onClick={act(getCode)} aria-disabled={busy}>
            {getCode.busy ? t('common.working') : t('tg.getCode')}
          </button>
        </p>
      </>
    );
  } else {
    body = (
      <div className="tg-steps" data-testid="telegram-code">
        <p id="tg-send" tabIndex={-1}>
          {t('tg.sendCommand', { bot: code.botUsername })}
        </p>
        <p className="tg-command">
          <code aria-describedby="tg-send">{code.command}</code>
        </p>
        <p className="muted">{t('tg.codeValid', { time: time(code.expiresAt) })}</p>
        {notYet && (
          <Alert tone="warning">
            <p>{t('tg.notYet', { bot: code.botUsername })}</p>
          </Alert>
        )}
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={act(check)} aria-disabled={busy}>
            {check.busy ? t('tg.checking') : t('tg.check')}
          </button>
          <a className="btn btn-secondary" href={code.deepLink} target="_blank" rel="noopener noreferrer">
            {t('tg.openTelegram', { bot: code.botUsername })}
          </a>
        </div>
      </div>
    );
  }
  return (
    <Card title={t('tg.title')} id="telegram">
      {body}
    </Card>
  );
}

export function AlertPreferencesPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const prefs = useQuery({ queryKey: queryKeys.alerts.preferences(), queryFn: ({ signal }) => call(client.GET('/api/alerts/preferences', { signal })) });
  // Linking Telegram adds a channel to the table, so the preferences are read again.
  const reloadPrefs = () => void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.preferences() });
  return (
    <>
      <PageHeader title={t('prefs.title')} intro={t('prefs.intro')} />
      {prefs.error && !prefs.data ? (
        <ErrorPanel error={prefs.error} onRetry={reloadPrefs} />
      ) : !prefs.data ? (
        <Loading />
      ) : (
        <PreferencesTable prefs={prefs.data} onSaved={(next) => queryClient.setQueryData(queryKeys.alerts.preferences(), next)} />
      )}
      <TelegramCard onChanged={reloadPrefs} />
      <DeliveryLog id="my-deliveries" />
    </>
  );
}
