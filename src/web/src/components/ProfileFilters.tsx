import { useMemo } from 'react';
import { z } from 'zod';
import { useI18n } from '../i18n/index.tsx';
import type { ProfileFilter } from '../metaUsers.ts';
import { Field, useZodForm } from './form.tsx';
import './ProfileFilters.css';

const STATUSES = ['expired', 'inactive', 'active'] as const;

/** The filters in the page's address: `?status=expired&q=marco` (linkable, and Back undoes them). */
export function filterFromSearch(search: string): ProfileFilter {
  const query = new URLSearchParams(search);
  const status = query.get('status');
  const q = query.get('q')?.trim();
  return { status: (STATUSES as readonly string[]).includes(status ?? '') ? (status as ProfileFilter['status']) : undefined, q: q ? q.slice(0, 200) : undefined };
}

export function searchFromFilter(filter: ProfileFilter): string {
  const query = new URLSearchParams();
  if (filter.status) query.set('status', filter.status);
  if (filter.q) query.set('q', filter.q);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** A status filter and a search box over the profile list (the API's `status` and `q`). */
export function ProfileFilters({ filter, onChange }: { filter: ProfileFilter; onChange(filter: ProfileFilter): void }) {
  const { t } = useI18n();
  const schema = useMemo(() => z.object({ q: z.string().trim().max(200), status: z.enum(['', ...STATUSES]) }), []);
  const { register, handleSubmit, reset } = useZodForm(schema, { q: filter.q ?? '', status: filter.status ?? '' });
  const submit = handleSubmit(({ q, status }) => onChange({ q: q || undefined, status: status || undefined }));
  const active = Boolean(filter.q || filter.status);
  return (
    <form className="form profile-filters" role="search" aria-label={t('metaUsers.filterTitle')} onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor="profile-status">{t('metaUsers.statusFilter')}</label>
        <select id="profile-status" {...register('status', { onChange: () => void submit() })}>
          <option value="">{t('metaUsers.statusAll')}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <Field id="profile-search" label={t('metaUsers.search')} registration={register('q')} type="search" placeholder={t('metaUsers.searchPlaceholder')} autoComplete="off" maxLength={200} />
      <div className="profile-filters-actions">
        <button type="submit" className="btn btn-secondary">
          {t('metaUsers.applyFilter')}
        </button>
        {active && (
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => {
              reset({ q: '', status: '' });
              onChange({});
            }}
          >
            {t('metaUsers.clearFilter')}
          </button>
        )}
      </div>
    </form>
  );
}
