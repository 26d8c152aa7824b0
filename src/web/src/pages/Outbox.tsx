import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ChevronIcon, MailIcon, RefreshIcon } from '../components/icons.tsx';
import { Alert, EmptyState, ErrorPanel, Loading, PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import type { OutboxMessage } from '../types.ts';
import { call, client } from '../api.ts';
import { queryKeys } from '../queries/keys.ts';
import './Outbox.css';

/** Elements that could run, load, submit or embed something: never part of the preview. */
const DROPPED = 'script, style, link, meta, base, iframe, frame, frameset, object, embed, applet, form, input, button, textarea, select, img, picture, video, audio, source, track, svg, math, template, noscript';

/** One tag with its attributes (quoted values may hold ">"). */
const TAG = /<[a-zA-Z][^\s/>]*(?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;
const INLINE_STYLE_ATTRIBUTE = /\sstyle\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)/gi;

/**
 * Parses without running or loading anything. Even an inert document parsed here is checked
 * against this page's CSP, which refuses inline styles and says so in the console for each one:
 * `<style>` elements and `style` attributes are taken out of the text first (the DOM pass below
 * removes whatever this misses; the CSP would block it anyway).
 */
function parseInert(html: string): Document {
  const withoutStyles = html.replace(/<style\b[\s\S]*?<\/style\s*>/gi, '').replace(TAG, (tag) => tag.replace(INLINE_STYLE_ATTRIBUTE, ''));
  return new DOMParser().parseFromString(withoutStyles, 'text/html');
}

/**
 * The email's HTML made into a preview document, parsed inert (DOMParser runs nothing and loads
 * nothing) and stripped of everything active and of inline styles: the frame inherits this page's
 * Content-Security-Policy, which refuses inline styles, so they would only be dropped with an
 * error. Our own stylesheet gives the preview a plain, readable look instead. It is shown in an
 * `<iframe sandbox="" srcdoc>`: no scripts, no forms, no navigation of this page, opaque origin.
 */
export function previewDocument(html: string, stylesheet: string | undefined, lang: string): string {
  const doc = parseInert(html);
  for (const node of doc.querySelectorAll(DROPPED)) node.remove();
  for (const element of doc.querySelectorAll('*')) {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      const keep = ['href', 'title', 'lang', 'dir', 'colspan', 'rowspan', 'scope', 'role'].includes(name);
      if (!keep) element.removeAttribute(attribute.name);
      else if (name === 'href' && !/^(https?:|mailto:)/i.test(attribute.value.trim())) element.removeAttribute(attribute.name);
    }
  }
  if (!doc.documentElement.getAttribute('lang')) doc.documentElement.setAttribute('lang', lang);
  doc.body.className = 'email-preview';
  if (stylesheet) {
    const link = doc.createElement('link');
    link.rel = 'stylesheet';
    link.href = stylesheet;
    doc.head.append(link);
  }
  return `<!doctype html>${doc.documentElement.outerHTML}`;
}

/** The links of an email (its Reconnect button): same-site ones open here, others in a new tab. */
function emailLinks(html: string): Array<{ text: string; href: string }> {
  const doc = parseInert(html);
  const links: Array<{ text: string; href: string }> = [];
  for (const anchor of doc.querySelectorAll('a[href]')) {
    const href = anchor.getAttribute('href')?.trim() ?? '';
    if (!/^https?:/i.test(href)) continue;
    links.push({ text: anchor.textContent?.trim() || href, href });
  }
  return links;
}

function appStylesheet(): string | undefined {
  return document.querySelector<HTMLLinkElement>('link[rel="stylesheet"]')?.href;
}

function EmailLink({ href, text }: { href: string; text: string }) {
  let url: URL | undefined;
  try {
    url = new URL(href);
  } catch {
    return <span>{text}</span>;
  }
  if (url.origin === window.location.origin) {
    return <Link to={`${url.pathname}${url.search}${url.hash}`}>{text}</Link>;
  }
  return (
    <a href={url.toString()} target="_blank" rel="noopener noreferrer">
      {text}
    </a>
  );
}

function Message({ message, open, onToggle }: { message: OutboxMessage; open: boolean; onToggle(): void }) {
  const { t, dateTime, relative, locale } = useI18n();
  const [view, setView] = useState<'text' | 'html'>('text');
  const bodyId = `mail-${message.id}`;
  const srcDoc = useMemo(() => (open && view === 'html' ? previewDocument(message.html, appStylesheet(), locale) : undefined), [open, view, message.html, locale]);
  const links = useMemo(() => (open && message.html ? emailLinks(message.html) : []), [open, message.html]);
  return (
    <li className={`outbox-item${open ? ' open' : ''}`} data-testid="outbox-message">
      <h3 className="outbox-heading">
        <button type="button" className="outbox-summary" aria-expanded={open} aria-controls={bodyId} onClick={onToggle}>
          <span className="outbox-icon" aria-hidden="true">
            <MailIcon />
          </span>
          <span className="outbox-main">
            <span className="outbox-subject">{message.subject}</span>
            <span className="outbox-meta">
              {message.to} · <time dateTime={message.createdAt}>{relative(message.createdAt)}</time>
            </span>
          </span>
          <span className={`pill pill-transport-${message.transport}`}>{t(`outbox.transport.${message.transport}`)}</span>
          <ChevronIcon />
        </button>
      </h3>
      {open && (
        <div id={bodyId} className="outbox-body">
          <dl className="mail-headers">
            <div>
              <dt>{t('outbox.from')}</dt>
              <dd>{message.from}</dd>
            </div>
            <div>
              <dt>{t('outbox.to')}</dt>
              <dd>{message.to}</dd>
            </div>
            <div>
              <dt>{t('outbox.date')}</dt>
              <dd>
                <time dateTime={message.createdAt}>{dateTime(message.createdAt)}</time>
              </dd>
            </div>
          </dl>
          {message.html && (
            <div className="segmented mail-view" role="group" aria-label={t('outbox.view')}>
              <button type="button" aria-pressed={view === 'text'} onClick={() => setView('text')}>
                {t('outbox.viewText')}
              </button>
              <button type="button" aria-pressed={view === 'html'} onClick={() => setView('html')}>
                {t('outbox.viewHtml')}
              </button>
            </div>
          )}
          {view === 'text' || !srcDoc ? (
            <pre className="mail-text" data-testid="mail-text">
              {message.text}
            </pre>
          ) : (
            <>
              <iframe className="mail-html" sandbox="" srcDoc={srcDoc} title={t('outbox.htmlFrame', { subject: message.subject })} data-testid="mail-html" />
              <p className="field-help">{t('outbox.htmlNote')}</p>
            </>
          )}
          {links.length > 0 && (
            <>
            <p className="mail-links-title" id={`${bodyId}-links`}>
              {t('outbox.links')}
            </p>
            <ul className="mail-links" aria-labelledby={`${bodyId}-links`}>
              {links.map((link) => (
                <li key={`${link.href}|${link.text}`}>
                  <EmailLink href={link.href} text={link.text} />
                </li>
              ))}
            </ul>
            </>
          )}
        </div>
      )}
    </li>
  );
}

export function OutboxPage() {
  const { t } = useI18n();
  const outbox = useQuery({ queryKey: queryKeys.outbox(), queryFn: ({ signal }) => call(client.GET('/api/outbox', { params: { query: { limit: 100 } }, signal })) });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const data = outbox.data;
  return (
    <>
      <PageHeader
        title={t('outbox.title')}
        intro={t('outbox.intro')}
        actions={
          <button type="button" className="btn btn-secondary" onClick={() => void outbox.refetch()} aria-disabled={outbox.isFetching}>
            <RefreshIcon />
            {t('outbox.refresh')}
          </button>
        }
      />
      {data &&
        (data.demoMode ? (
          <Alert tone="warning" live={false} title={t('outbox.demoTitle')}>
            <p>{t('outbox.demoText')}</p>
          </Alert>
        ) : (
          <Alert tone="info" live={false}>
            <p>{t('outbox.notDemo')}</p>
          </Alert>
        ))}
      {outbox.error && !data ? (
        <ErrorPanel error={outbox.error} onRetry={() => void outbox.refetch()} />
      ) : !data ? (
        <Loading />
      ) : data.messages.length === 0 ? (
        <EmptyState title={t('outbox.emptyTitle')} icon={<MailIcon />}>
          <p>{t('outbox.empty')}</p>
        </EmptyState>
      ) : (
        <section className="card card-flush card-flush-always" aria-labelledby="outbox-list-title">
          <div className="card-header">
            <h2 id="outbox-list-title">{t('outbox.listTitle')}</h2>
            <span className="muted">{t('outbox.count', { count: data.messages.length })}</span>
          </div>
          <ul className="outbox-list">
            {data.messages.map((message) => (
              <Message key={message.id} message={message} open={open.has(message.id)} onToggle={() => toggle(message.id)} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
