import { useMemo } from 'react';
import { z } from 'zod';
import { ApiError, call, client } from '../api.ts';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import type { MetaUser } from '../types.ts';
import { Field, SubmitButton, useZodForm } from './form.tsx';
import { Alert } from './ui.tsx';

/**
 * An admin pastes a System User token made in Business Manager. The token lives in this form only
 * until it is sent; it is cleared whatever the answer, and never shown back.
 */
export function SystemUserForm({ onAdded, onCancel }: { onAdded(user: MetaUser): void; onCancel(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const schema = useMemo(
    () =>
      z.object({
        name: z.string().trim(),
        accessToken: z.string().trim().min(1, t('su.tokenRequired')).regex(/^\S+$/, t('su.tokenSpaces')).min(20, t('su.tokenShort')),
      }),
    [t],
  );
  const form = useZodForm(schema, { name: '', accessToken: '' });
  const { register, handleSubmit, setError, setFocus, setValue, formState } = form;

  const submit = handleSubmit(async ({ name, accessToken }) => {
    setValue('accessToken', '');
    try {
      const { metaUser } = await call(client.POST('/api/meta-users/system', { body: name ? { accessToken, name } : { accessToken } }));
      setValue('name', '');
      onAdded(metaUser);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_token') {
        setError('accessToken', { message: t('su.invalidToken', { message: error.message }) });
        setFocus('accessToken');
      } else {
        setError('root.server', { message: errorText(i18n, error) });
      }
    }
  });
  const busy = formState.isSubmitting;
  const failure = formState.errors.root?.server?.message;

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
        <Field id="su-name" label={t('su.name')} help={t('su.nameHelp')} registration={register('name')} type="text" maxLength={200} autoComplete="off" />
        <Field
          id="su-token"
          label={t('su.token')}
          help={t('su.tokenHelp')}
          error={formState.errors.accessToken?.message}
          announce
          registration={register('accessToken')}
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
        />
        <div className="form-actions">
          <SubmitButton busy={busy} label={t('su.submit')} busyLabel={t('su.submitting')} />
          <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
