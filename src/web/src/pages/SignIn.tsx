import { useEffect, useMemo, useState } from 'react';
import { z } from 'zod';
import { call, client } from '../api.ts';
import { DemoMetaUsers } from '../components/DemoMetaUsers.tsx';
import { Field, SubmitButton, useZodForm } from '../components/form.tsx';
import { LocaleSwitch } from '../components/LocaleSwitch.tsx';
import { Alert } from '../components/ui.tsx';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import type { Locale, PublicInfo, Session } from '../types.ts';
import './SignIn.css';

export function SignInPage({ onSignedIn, onLocaleChange }: { onSignedIn(session: Session): void; onLocaleChange(locale: Locale): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [info, setInfo] = useState<PublicInfo | undefined>(undefined);
  const schema = useMemo(() => z.object({ email: z.string().trim().min(1, t('login.emailRequired')), password: z.string().min(1, t('login.passwordRequired')) }), [t]);
  const { register, handleSubmit, setError, setFocus, setValue, clearErrors, formState } = useZodForm(schema, { email: '', password: '' });
  const error = formState.errors.root?.server?.message;
  // Busy from the click until the page changes (a signed-in session replaces this page), unless refused.
  const busy = formState.isSubmitting || (formState.isSubmitSuccessful && !error);

  useEffect(() => {
    document.title = `${t('login.title')} · Wevion Token Health`;
  }, [t]);

  useEffect(() => {
    call(client.GET('/api/public-info'), { quiet401: true }).then(setInfo, () => setInfo({ demoMode: false }));
  }, []);

  const submit = handleSubmit(async ({ email, password }) => {
    try {
      await call(client.POST('/api/session', { body: { email, password } }), { quiet401: true });
      const current = await call(client.GET('/api/session'));
      if (!current.member) throw new Error('signed in, but no session came back');
      onSignedIn({ member: current.member, demoMode: current.demoMode });
    } catch (failure) {
      setValue('password', '');
      setError('root.server', { message: errorText(i18n, failure) });
      setFocus('password');
    }
  });

  const useDemo = () => {
    if (!info?.demoEmail || !info.demoPassword) return;
    setValue('email', info.demoEmail);
    setValue('password', info.demoPassword);
    clearErrors();
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
        {error && (
          <Alert tone="danger">
            <p>{error}</p>
          </Alert>
        )}
        <form onSubmit={(event) => void submit(event)} noValidate className="form">
          <Field id="email" label={t('login.email')} error={formState.errors.email?.message} registration={register('email')} type="email" autoComplete="username" inputMode="email" required />
          <Field id="password" label={t('login.password')} error={formState.errors.password?.message} registration={register('password')} type="password" autoComplete="current-password" required />
          <SubmitButton busy={busy} label={t('login.submit')} busyLabel={t('login.submitting')} className="btn btn-primary btn-block" />
        </form>
        {/* After the form: Sign in stays above the fold, the demo's help below it. */}
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
      </main>
    </div>
  );
}
