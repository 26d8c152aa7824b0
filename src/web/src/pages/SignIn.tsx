import { useEffect, useRef, useState, type FormEvent } from 'react';
import { call, client } from '../api.ts';
import { DemoMetaUsers } from '../components/DemoMetaUsers.tsx';
import { LocaleSwitch } from '../components/LocaleSwitch.tsx';
import { Alert } from '../components/ui.tsx';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import type { Locale, PublicInfo, Session } from '../types.ts';

export function SignInPage({ onSignedIn, onLocaleChange }: { onSignedIn(session: Session): void; onLocaleChange(locale: Locale): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [info, setInfo] = useState<PublicInfo | undefined>(undefined);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [busy, setBusy] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t('login.title')} · Wevion Token Health`;
  }, [t]);

  useEffect(() => {
    call(client.GET('/api/public-info'), { quiet401: true }).then(setInfo, () => setInfo({ demoMode: false }));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: { email?: string; password?: string } = {};
    if (!email.trim()) errors.email = t('login.emailRequired');
    if (!password) errors.password = t('login.passwordRequired');
    setFieldErrors(errors);
    if (errors.email) return emailInput.current?.focus();
    if (errors.password) return passwordInput.current?.focus();
    setBusy(true);
    setError(undefined);
    try {
      await call(client.POST('/api/session', { body: { email: email.trim(), password } }), { quiet401: true });
      const me = await call(client.GET('/api/me'), { quiet401: true });
      if (!('member' in me)) throw new Error('signed in, but not as a member');
      onSignedIn(me);
    } catch (failure) {
      setError(errorText(i18n, failure));
      setPassword('');
      setBusy(false);
      passwordInput.current?.focus();
    }
  };

  const useDemo = () => {
    if (!info?.demoEmail || !info.demoPassword) return;
    setEmail(info.demoEmail);
    setPassword(info.demoPassword);
    setFieldErrors({});
  };

  return (
    <div className="signin">
      <div className="signin-locale">
        <LocaleSwitch onChange={onLocaleChange} />
      </div>
      <main className="signin-card" id="main">
        <div className="signin-brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <span>
            Wevion <span className="brand-sub">Token Health</span>
          </span>
        </div>
        <h1>{t('login.title')}</h1>
        <p className="page-intro">{t('login.subtitle')}</p>
        {info?.demoMode && info.demoEmail && (
          <div className="demo-hint" role="note" aria-labelledby="demo-hint-title">
            <p id="demo-hint-title" className="demo-hint-title">
              {t('login.demoTitle')}
            </p>
            <p>{t('login.demoText')}</p>
            <dl className="demo-credentials">
              <dt>{t('login.email')}</dt>
              <dd>
                <code>{info.demoEmail}</code>
              </dd>
              <dt>{t('login.password')}</dt>
              <dd>
                <code>{info.demoPassword}</code>
              </dd>
            </dl>
            <button type="button" className="btn btn-secondary btn-sm" onClick={useDemo}>
              {t('login.demoFill')}
            </button>
            <DemoMetaUsers info={info} />
          </div>
        )}
        {error && (
          <Alert tone="danger">
            <p>{error}</p>
          </Alert>
        )}
        <form onSubmit={(event) => void submit(event)} noValidate className="form">
          <div className="field">
            <label htmlFor="email">{t('login.email')}</label>
            <input
              ref={emailInput}
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              inputMode="email"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={fieldErrors.email ? true : undefined}
              aria-describedby={fieldErrors.email ? 'email-error' : undefined}
              required
            />
            {fieldErrors.email && (
              <p className="field-error" id="email-error">
                {fieldErrors.email}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="password">{t('login.password')}</label>
            <input
              ref={passwordInput}
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={fieldErrors.password ? true : undefined}
              aria-describedby={fieldErrors.password ? 'password-error' : undefined}
              required
            />
            {fieldErrors.password && (
              <p className="field-error" id="password-error">
                {fieldErrors.password}
              </p>
            )}
          </div>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
