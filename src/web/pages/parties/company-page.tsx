import { useEffect, useState, type ReactNode } from 'react';
import { Banner, Spinner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, type Company } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { dash, fmtInstant } from '../../lib/format.ts';
import { legalForms } from '../../lib/legal-forms.ts';
import { CompanyName, RoleBadges } from './companies-page.tsx';
import { ConsentsTab } from './consents-tab.tsx';
import { ContactsTab } from './contacts-tab.tsx';
import { HistoryTab } from './history-tab.tsx';
import { CompanyOverview } from './company-overview.tsx';

const tabs = ['overview', 'contacts', 'consents', 'history'] as const;

export function CompanyPage({ id, tab, can }: { id: string; tab: string; can: (p: string) => boolean }) {
  const { t, lang } = useI18n();
  const [company, setCompany] = useState<Company | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    api<Company>('GET', `/companies/${encodeURIComponent(id)}`)
      .then(setCompany)
      .catch((e) => setError(errorText(e, t)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  if (error) {
    return (
      <section className="page">
        <div className="crumbs"><a href="#/companies">{t('companies.title')}</a></div>
        <Banner kind="error">{error}</Banner>
      </section>
    );
  }
  if (!company || company.id !== id) return <section className="page"><Spinner label={t('common.loading')} /></section>;

  const c = company;
  const current = (tabs as readonly string[]).includes(tab) ? tab : 'overview';
  const lfLabel = c.legalForm ? legalForms.find((lf) => lf.value === c.legalForm) : undefined;
  const v = (s: string | null, mono = false): ReactNode => (s ? <span className={mono ? 'mono' : undefined}>{s}</span> : <span className="muted">{dash}</span>);

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <div className="crumbs"><a href="#/companies">{t('companies.title')}</a> / </div>
          <h1 data-testid="company-title">
            <CompanyName company={c} />
          </h1>
          <div className="head-meta">
            <span className="pill">{t(`kind.${c.kind}`)}</span>
            <RoleBadges roles={c.roles} />
            {c.inn ? <span className="muted small">{t('company.inn')} <span className="mono">{c.inn}</span></span> : null}
          </div>
        </div>
        {can('company.write') ? (
          <a className="btn" href={`#/companies/${c.id}/edit`} data-testid="company-edit">✎ {t('common.edit')}</a>
        ) : null}
      </div>

      <div className="card details-card" data-testid="company-requisites">
        <div className="details-grid">
          <Detail label={t('company.legalForm')}>{c.legalForm ? (lfLabel ? t(lfLabel.key) : c.legalForm) : v(null)}</Detail>
          <Detail label={t('company.inn')}>{v(c.inn, true)}</Detail>
          <Detail label={t('company.kpp')}>{v(c.kpp, true)}</Detail>
          <Detail label={c.kind === 'legal' ? t('company.ogrn') : t('company.ogrnip')}>{v(c.ogrn, true)}</Detail>
          <Detail label={t('company.bik')}>{v(c.bik, true)}</Detail>
          <Detail label={t('company.bankName')}>{v(c.bankName)}</Detail>
          <Detail label={t('company.settlementAccount')}>{v(c.settlementAccount, true)}</Detail>
          <Detail label={t('company.corrAccount')}>{v(c.corrAccount, true)}</Detail>
          <Detail label={c.kind === 'legal' ? t('company.legalAddress') : t('company.registrationAddress')} wide>{v(c.legalAddress)}</Detail>
          <Detail label={t('company.postalAddress')} wide>{v(c.postalAddress)}</Detail>
          <Detail label={t('company.phone')}>{c.phone ? <a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a> : v(null)}</Detail>
          <Detail label={t('company.email')}>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : v(null)}</Detail>
          <Detail label={t('company.website')}>{c.website ? <a href={/^https?:\/\//.test(c.website) ? c.website : `https://${c.website}`} target="_blank" rel="noreferrer">{c.website}</a> : v(null)}</Detail>
          <Detail label={t('companies.updated')}>{fmtInstant(c.updatedAt, lang)}</Detail>
          {c.notes ? <Detail label={t('company.notes')} wide><span className="pre">{c.notes}</span></Detail> : null}
        </div>
      </div>

      <div className="tabs" role="tablist">
        {tabs.map((x) => (
          <a key={x} role="tab" aria-selected={current === x} className={current === x ? 'active' : ''}
            href={`#/companies/${c.id}/${x}`} data-testid={`tab-${x}`}>
            {t(`companyTabs.${x}`)}
          </a>
        ))}
      </div>
      <div className="tab-panel">
        {current === 'overview' ? <CompanyOverview company={{ id: c.id, name: c.name }} can={can} /> : null}
        {current === 'contacts' ? <ContactsTab companyId={c.id} canWrite={can('contact.write')} /> : null}
        {current === 'consents' ? <ConsentsTab companyId={c.id} canWrite={can('consent.write')} /> : null}
        {current === 'history' ? <HistoryTab entityId={c.id} companyId={c.id} showRaw={can('user.manage')} /> : null}
      </div>
    </section>
  );
}

function Detail({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`detail${wide ? ' detail-wide' : ''}`}>
      <div className="detail-label">{label}</div>
      <div className="detail-value">{children}</div>
    </div>
  );
}
