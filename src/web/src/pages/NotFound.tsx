import { EmptyState, PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { pathFor } from '../paths.ts';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <EmptyState title={t('notFound.title')} action={<Link to={pathFor('metaUsers')} className="btn btn-primary">{t('notFound.home')}</Link>}>
        <p>{t('notFound.text')}</p>
      </EmptyState>
    </>
  );
}

export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('forbidden.title')} />
      <EmptyState title={t('forbidden.title')} action={<Link to={pathFor('metaUsers')} className="btn btn-primary">{t('notFound.home')}</Link>}>
        <p>{t('forbidden.text')}</p>
      </EmptyState>
    </>
  );
}
