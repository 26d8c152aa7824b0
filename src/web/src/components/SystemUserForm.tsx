import { useRef, useState, type FormEvent } from 'react';
import { ApiError, call, client } from '../api.ts';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import type { MetaUser } from '../types.ts';
import { Alert } from './ui.tsx';

/**
 * An admin pastes a System User token made in Business Manager. The token lives in this form only
 * until it is sent; it is cleared whatever the answer, and never shown back.
 */
export function SystemUserForm({ onAdded, onCancel }: { onAdded(user: MetaUser): void; onCancel(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [name, setName] = useState('');
  const [token, setToken] = useState('');
  const [tokenError, setTokenError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const tokenInput = useRef<HTMLInputElement>(null);

  const validate = (value: string): string | undefined => {
    const trimmed = value.trim();
    if (!trimmed) return t('su.tokenRequired');
    if (/\s/.test(trimmed)) return t('su.tokenSpaces');
    if (trimmed.length < 20) return t('su.tokenShort');
    return undefined;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = validate(token);
    setTokenError(problem);
    setFailure(undefined);
    if (problem) return tokenInput.current?.focus();
    setBusy(true);
    const accessToken = token.trim();
    setToken('');
    try {
      const body: { accessToken: string; name?: string } = { accessToken };
      if (name.trim()) body.name = name.trim();
      const { metaUser } = await call(client.POST('/api/meta-users/system', { body }));
      setName('');
      onAdded(metaUser);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_token') {
        setTokenError(t('su.invalidToken', { message: error.message }));
        tokenInput.current?.focus();
      } else {
        setFailure(errorText(i18n, error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card form-card" aria-labelledby="su-title">
      <h2 id="su-title">{t('su.title')}</h2>
      <p className="muted">{t('su.intro')}</p>
      {failure && (
        <Alert tone="danger">
          <p>{failure}</p>
        </Alert>
      )}
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="su-name">{t('su.name')}</label>
          <input id="su-name" name="name" type="text" maxLength={200} value={name} onChange={(event) => setName(event.target.value)} aria-describedby="su-name-help" autoComplete="off" />
          <p className="field-help" id="su-name-help">
            {t('su.nameHelp')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="su-token">{t('su.token')}</label>
          <input
            ref={tokenInput}
            id="su-token"
            name="accessToken"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(event) => setToken(event.target.value)}
            aria-invalid={tokenError ? true : undefined}
            aria-describedby={`su-token-help${tokenError ? ' su-token-error' : ''}`}
            required
          />
          <p className="field-help" id="su-token-help">
            {t('su.tokenHelp')}
          </p>
          {tokenError && (
            <p className="field-error" id="su-token-error" role="alert">
              {tokenError}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('su.submitting') : t('su.submit')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
