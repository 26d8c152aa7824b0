import { useI18n } from '../i18n/index.tsx';
import type { PublicInfo } from '../types.ts';
import './DemoMetaUsers.css';

/** The sign-in page's demo hint: whom to log in as in Meta's dialog, and what each one shows. */
export function DemoMetaUsers({ info }: { info: PublicInfo }) {
  const { t } = useI18n();
  if (!info.demoMetaUsers || info.demoMetaUsers.length === 0 || !info.demoMetaPassword) return null;
  return (
    <section className="demo-meta-users" aria-labelledby="demo-meta-users-title">
      <p id="demo-meta-users-title" className="demo-hint-title">
        {t('login.demoMetaTitle')}
      </p>
      <p>{t('login.demoMetaText', { password: info.demoMetaPassword })}</p>
      <ul>
        {info.demoMetaUsers.map((user) => (
          <li key={user.email}>
            <strong>{user.name}</strong> <code>{user.email}</code>
            <span className="demo-meta-state">{t(`login.demoMetaState.${user.state}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
