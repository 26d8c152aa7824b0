import { useEffect, useState } from 'react';
import { useI18n, type I18n, type MessageKey } from '../i18n/index.tsx';
import { pathFor } from '../paths.ts';
import { Link, useRouter } from '../router.tsx';
import { Alert } from './ui.tsx';

const RESULTS: Record<string, { tone: 'success' | 'info' | 'warning' | 'danger'; key: MessageKey }> = {
  connected: { tone: 'success', key: 'result.connected' },
  reconnected: { tone: 'success', key: 'result.reconnected' },
  cancelled: { tone: 'info', key: 'result.cancelled' },
  different_account: { tone: 'warning', key: 'result.different_account' },
  error: { tone: 'danger', key: 'result.error' },
};

/** Why a connection failed, in words; the service's English message when the reason is new to us. */
const CONNECT_ERRORS: Record<string, MessageKey> = {
  state_invalid: 'connectError.state_invalid',
  state_used: 'connectError.state_used',
  state_expired: 'connectError.state_expired',
  wrong_session: 'connectError.wrong_session',
  code_rejected: 'connectError.code_rejected',
  token_invalid: 'connectError.token_invalid',
  meta_unavailable: 'connectError.meta_unavailable',
  meta_error: 'connectError.meta_error',
};

interface Result {
  value: string;
  message?: string | undefined;
  reason?: string | undefined;
  profile?: string | undefined;
  expected?: string | undefined;
  actual?: string | undefined;
  /** `business`: the outcome of Connect a business (or Reconnect business). */
  flow?: string | undefined;
}

function resultText(t: I18n['t'], result: Result, key: MessageKey): string {
  if (result.value === 'different_account' && result.expected && result.actual && result.flow === 'business') {
    return t('result.different_business', { expected: result.expected, actual: result.actual });
  }
  if (result.value === 'different_account' && result.expected && result.actual) {
    return t('result.different_account_named', { expected: result.expected, actual: result.actual });
  }
  if (result.flow === 'business' && (result.value === 'connected' || result.value === 'reconnected')) {
    return t(result.value === 'connected' ? 'result.businessConnected' : 'result.businessReconnected');
  }
  if (result.value === 'error') {
    const known = result.reason ? CONNECT_ERRORS[result.reason] : undefined;
    return t('result.error', { message: known ? t(known) : (result.message ?? t('result.noDetails')) });
  }
  return t(key);
}

/** What came back from the Meta round trip (?result=…), read once; the query is then cleared. */
function useConnectResult() {
  const { pathname, search, navigate } = useRouter();
  const [result] = useState<Result | undefined>(() => {
    const query = new URLSearchParams(search);
    const value = query.get('result');
    if (!value) return undefined;
    const get = (name: string) => query.get(name) ?? undefined;
    return { value, message: get('message'), reason: get('reason'), profile: get('profile'), expected: get('expected'), actual: get('actual'), flow: get('flow') };
  });
  const [visible, setVisible] = useState(Boolean(result));
  useEffect(() => {
    if (result) navigate(pathname, { replace: true });
    // Only on arrival: later navigations must not clear anything.
  }, []);
  return { result: visible ? result : undefined, dismiss: () => setVisible(false) };
}

/**
 * The outcome of a connect or reconnect, said in words where the person lands: the Meta Users
 * page after a connect, the profile's own page after a reconnect (one-click reconnect).
 */
export function ConnectResult() {
  const { t } = useI18n();
  const { result, dismiss } = useConnectResult();
  if (!result) return null;
  const info = RESULTS[result.value] ?? RESULTS.error!;
  return (
    <Alert tone={info.tone} onDismiss={dismiss}>
      <p>{resultText(t, result, info.key)}</p>
      {result.profile && (result.value === 'connected' || result.value === 'reconnected') && (
        <p>
          <Link to={pathFor('metaUser', { id: result.profile })}>{t('result.openProfile')}</Link>
        </p>
      )}
    </Alert>
  );
}
