import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useNotifications } from '../notifications.tsx';
import { Link, useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';
import { BellIcon, ChartIcon, ClockIcon, CloseIcon, KeyIcon, MailIcon, MenuIcon, ShieldIcon, SignOutIcon, SlidersIcon, UsersIcon } from './icons.tsx';
import { useAction } from './action.ts';
import { AttentionNotice } from './AttentionNotice.tsx';
import { LocaleSwitch } from './LocaleSwitch.tsx';
import { MetaAppBanner } from './MetaAppBanner.tsx';
import { Avatar } from './ui.tsx';
import { pathFor } from '../paths.ts';
import { useRefetchOnNavigation } from '../queries/refetchOnNavigation.ts';
import './Layout.css';

function NavItem({ to, icon, children, onNavigate }: { to: string; icon: ReactNode; children: ReactNode; onNavigate(samePage: boolean): void }) {
  const { pathname } = useRouter();
  const current = pathname === to || pathname.startsWith(`${to}/`);
  return (
    <li>
      <Link to={to} className="nav-link" aria-current={current ? 'page' : undefined} onClick={() => onNavigate(pathname === to)}>
        {icon}
        <span>{children}</span>
      </Link>
    </li>
  );
}

function Bell() {
  const { t } = useI18n();
  const { unread, refetch } = useNotifications();
  useRefetchOnNavigation(refetch);
  const label = unread > 0 ? t('bell.unread', { count: unread }) : t('bell.none');
  return (
    <Link to={pathFor('notifications')} className="bell" aria-label={label} title={label} data-unread={unread}>
      <BellIcon />
      {unread > 0 && (
        <span className="bell-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { session, signOut, setLocale } = useSession();
  const { pathname } = useRouter();
  const [open, setOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const sidebar = useRef<HTMLElement>(null);
  const first = useRef(true);
  const { member, demoMode } = session;

  // After a navigation, focus goes to the new page's title so screen readers announce it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = window.setTimeout(() => document.getElementById('page-title')?.focus(), 0);
    return () => window.clearTimeout(timer);
  }, [pathname]);

  // The open drawer is a modal dialog: focus starts in it, Tab and Shift+Tab go round inside it
  // (the page behind is inert), and Escape, the close button or the scrim put it back on the
  // menu button. Following a link closes it too, and the new page's title takes the focus.
  // Back to the menu button once the drawer is closed and the page is no longer inert (focusing
  // it while the page still is would do nothing).
  const returnFocus = useRef(false);
  useEffect(() => {
    if (open || !returnFocus.current) return;
    returnFocus.current = false;
    menuButton.current?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const drawer = sidebar.current;
    drawer?.querySelector<HTMLElement>('a, button')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        returnFocus.current = true;
        setOpen(false);
        return;
      }
      if (event.key !== 'Tab' || !drawer) return;
      const focusable = [...drawer.querySelectorAll<HTMLElement>('a[href], button:not([disabled])')].filter((element) => element.offsetParent !== null);
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      const inside = drawer.contains(document.activeElement);
      if (event.shiftKey && (document.activeElement === first || !inside)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
        event.preventDefault();
        first.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  const close = () => setOpen(false);
  const dismiss = () => {
    returnFocus.current = true;
    close();
  };
  // A link to another page closes the drawer and its title takes the focus; to this same page,
  // nothing else would, so the focus goes back to the menu button.
  const navigated = (samePage: boolean) => (samePage ? dismiss() : close());
  // setLocale puts the page in the new language at once and, if the service refuses, back in
  // the old one with a toast in the old language: it shows its own failure.
  const changeLocale = useAction({ run: (locale: 'it' | 'en') => setLocale(locale) });

  return (
    <div className="shell">
      <a className="skip-link" href="#main" inert={open}>
        {t('nav.skip')}
      </a>
      <div className="shell-body">
        <aside
          id="sidebar"
          ref={sidebar}
          className={`sidebar${open ? ' open' : ''}`}
          aria-label={t('nav.sidebar')}
          {...(open ? { role: 'dialog', 'aria-modal': true } : {})}
        >
          <div className="sidebar-top">
            <Link to={pathFor('metaUsers')} className="brand" onClick={close}>
              <img src="/favicon.svg" alt="" width="28" height="28" />
              <span>
                Wevion <span className="brand-sub">Token Health</span>
              </span>
            </Link>
            <button type="button" className="btn btn-ghost icon-button drawer-close" onClick={dismiss} aria-label={t('nav.closeMenu')}>
              <CloseIcon />
            </button>
          </div>
          <nav aria-label={t('nav.mainLabel')}>
            <p className="nav-section" id="nav-assets">
              {t('nav.assets')}
            </p>
            <ul aria-labelledby="nav-assets">
              <NavItem to={pathFor('metaUsers')} icon={<UsersIcon />} onNavigate={navigated}>
                {t('nav.metaUsers')}
              </NavItem>
              <NavItem to={pathFor('adAccounts')} icon={<ChartIcon />} onNavigate={navigated}>
                {t('nav.adAccounts')}
              </NavItem>
            </ul>
            <p className="nav-section" id="nav-workspace">
              {t('nav.workspace')}
            </p>
            <ul aria-labelledby="nav-workspace">
              <NavItem to={pathFor('notifications')} icon={<BellIcon />} onNavigate={navigated}>
                {t('nav.notifications')}
              </NavItem>
              <NavItem to={pathFor('alertPreferences')} icon={<SlidersIcon />} onNavigate={navigated}>
                {t('nav.alertPreferences')}
              </NavItem>
            </ul>
            {member.role === 'admin' && (
              <>
                <p className="nav-section" id="nav-admin">
                  {t('nav.admin')}
                </p>
                <ul aria-labelledby="nav-admin">
                  <NavItem to={pathFor('adminJobs')} icon={<ClockIcon />} onNavigate={navigated}>
                    {t('nav.jobs')}
                  </NavItem>
                  <NavItem to={pathFor('adminAlerts')} icon={<ShieldIcon />} onNavigate={navigated}>
                    {t('nav.adminAlerts')}
                  </NavItem>
                  <NavItem to={pathFor('adminOutbox')} icon={<MailIcon />} onNavigate={navigated}>
                    {t('nav.outbox')}
                  </NavItem>
                  <NavItem to={pathFor('adminApiKeys')} icon={<KeyIcon />} onNavigate={close}>
                    {t('nav.apiKeys')}
                  </NavItem>
                </ul>
              </>
            )}
          </nav>
          <div className="sidebar-footer">
            <div className="member">
              <Avatar name={member.name || member.email} />
              <div className="member-text">
                <span className="member-name">{member.name || member.email}</span>
                <span className="member-meta">{member.email}</span>
                <span className="member-meta">{t(`role.${member.role}`)}</span>
              </div>
            </div>
            <button type="button" className="btn btn-ghost btn-block sign-out" onClick={() => void signOut()}>
              <SignOutIcon />
              {t('account.signOut')}
            </button>
          </div>
        </aside>
        {open && <div className="scrim" onClick={dismiss} aria-hidden="true" />}
        <div className="main-column" inert={open}>
          {member.role === 'admin' && <MetaAppBanner />}
          {demoMode && (
            <div className="demo-banner" role="note">
              <strong>{t('demo.bannerTitle')}</strong> {t('demo.bannerText')}
            </div>
          )}
          <AttentionNotice />
          <header className="topbar">
            <button
              ref={menuButton}
              type="button"
              className="btn btn-ghost icon-button menu-button"
              aria-expanded={open}
              aria-controls="sidebar"
              onClick={() => setOpen(true)}
            >
              <MenuIcon />
              <span className="visually-hidden">{t('nav.menu')}</span>
            </button>
            <Link to={pathFor('metaUsers')} className="topbar-brand">
              <img src="/favicon.svg" alt="" width="24" height="24" />
              <span>Wevion</span>
            </Link>
            <div className="topbar-actions">
              <LocaleSwitch onChange={changeLocale.run} busy={changeLocale.busy} />
              <Bell />
            </div>
          </header>
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </div>
      </div>
    </div>
  );
}
