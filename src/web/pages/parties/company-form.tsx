import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { BikHint } from '../../components/bik-hint.tsx';
import { checkCompanyRequisites, CompanyCreateSchema, type CompanyInput } from '../../../domain/parties/company.schemas.ts';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, ApiError, type Company, type CompanyKind } from '../../lib/api.ts';
import { errorText, fieldErrorsOf } from '../../lib/errors.ts';
import { defaultLegalForm, legalForms } from '../../lib/legal-forms.ts';
import { navigate } from '../../lib/router.ts';

const kinds: CompanyKind[] = ['legal', 'sole_proprietor', 'individual'];
const roleOptions = ['client', 'supplier', 'partner', 'own'] as const;

const textFields = [
  'legalForm', 'name', 'inn', 'kpp', 'ogrn', 'bik', 'bankName', 'settlementAccount', 'corrAccount',
  'legalAddress', 'postalAddress', 'phone', 'email', 'website', 'notes',
] as const;
type TextField = (typeof textFields)[number];
type Values = Record<TextField, string> & { kind: CompanyKind; roles: string[] };
type FieldName = TextField | 'kind' | 'roles';

const emptyValues = (): Values => ({
  kind: 'legal', roles: ['client'],
  ...(Object.fromEntries(textFields.map((f) => [f, ''])) as Record<TextField, string>),
  legalForm: defaultLegalForm('legal'),
});

const valuesOf = (c: Company): Values => ({
  kind: c.kind, roles: [...c.roles],
  ...(Object.fromEntries(textFields.map((f) => [f, c[f] ?? ''])) as Record<TextField, string>),
});

/** What goes to the API: trimmed, empty text as null. */
function payloadOf(v: Values): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: v.kind, roles: v.roles };
  for (const f of textFields) {
    const s = v[f].trim();
    out[f] = f === 'name' ? s : s === '' ? null : s;
  }
  return out;
}

const digits = (s: string): string | null => s.replace(/[\s-]/g, '') || null;

/** Client-side check with the same domain rules as the server: message key (+ params) per field. */
function validate(v: Values): Record<string, { key: string; params?: Record<string, unknown> }> {
  const errs: Record<string, { key: string; params?: Record<string, unknown> }> = {};
  const requisites = {
    kind: v.kind,
    inn: digits(v.inn), kpp: v.kpp.trim().toUpperCase() || null, ogrn: digits(v.ogrn),
    bik: digits(v.bik), settlementAccount: digits(v.settlementAccount), corrAccount: digits(v.corrAccount),
  } as CompanyInput;
  for (const e of checkCompanyRequisites(requisites)) if (!errs[e.path]) errs[e.path] = { key: e.key, params: e.params };
  const parsed = CompanyCreateSchema.safeParse(payloadOf(v));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (!field || errs[field]) continue;
      const params: Record<string, unknown> = {};
      if (issue.code === 'too_big') params.max = issue.maximum;
      if (issue.code === 'too_small') params.min = issue.minimum;
      errs[field] = { key: issue.message.startsWith('v.') ? issue.message : 'v.invalid', params };
    }
  }
  return errs;
}

export function CompanyNewPage() {
  const { t } = useI18n();
  return (
    <section className="page">
      <div className="page-head">
        <div>
          <div className="crumbs"><a href="#/companies">{t('companies.title')}</a> / </div>
          <h1>{t('companyForm.newTitle')}</h1>
        </div>
      </div>
      <CompanyForm />
    </section>
  );
}

export function CompanyEditPage({ id }: { id: string }) {
  const { t } = useI18n();
  const [company, setCompany] = useState<Company | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloadNo, setReloadNo] = useState(0);
  useEffect(() => {
    setCompany(null);
    api<Company>('GET', `/companies/${encodeURIComponent(id)}`).then(setCompany).catch((e) => setError(errorText(e, t)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, reloadNo]);
  return (
    <section className="page">
      <div className="page-head">
        <div>
          <div className="crumbs">
            <a href="#/companies">{t('companies.title')}</a> / {company ? <a href={`#/companies/${id}`}>{company.name}</a> : null}
          </div>
          <h1>{t('companyForm.editTitle')}</h1>
        </div>
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {company ? <CompanyForm key={`${company.id}:${company.version}`} initial={company} onReload={() => setReloadNo((n) => n + 1)} />
        : !error ? <Spinner label={t('common.loading')} /> : null}
    </section>
  );
}

function CompanyForm({ initial, onReload }: { initial?: Company; onReload?: () => void }) {
  const { t, tm } = useI18n();
  const toast = useToast();
  const [values, setValues] = useState<Values>(() => (initial ? valuesOf(initial) : emptyValues()));
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<{ text: string; existingId?: string; stale?: boolean } | null>(null);
  const [saving, setSaving] = useState(false);

  const clientErrors = useMemo(() => validate(values), [values]);

  const errorOf = (f: FieldName): string | null => {
    if (serverErrors[f]) return serverErrors[f]!;
    const ce = clientErrors[f];
    if (ce && (submitted || touched.has(f))) return tm(ce.key, ce.params);
    return null;
  };

  const set = (f: FieldName, value: string | string[]) => {
    setValues((v) => ({ ...v, [f]: value }));
    if (serverErrors[f]) setServerErrors(({ [f]: _, ...rest }) => rest);
  };
  const touch = (f: FieldName) => setTouched((s) => (s.has(f) ? s : new Set(s).add(f)));

  const setKind = (kind: CompanyKind) => {
    setValues((v) => ({
      ...v, kind,
      legalForm: legalForms.some((lf) => lf.value === v.legalForm && lf.kinds.includes(kind)) ? v.legalForm : defaultLegalForm(kind),
      kpp: kind === 'legal' ? v.kpp : '',
      ogrn: kind === 'individual' ? '' : v.ogrn,
    }));
    setServerErrors({});
  };

  const input = (f: TextField, opts: { label: string; wide?: boolean; required?: boolean; hint?: string; placeholder?: string; mono?: boolean; inputMode?: 'numeric' | 'email' | 'tel' | 'url'; maxLength?: number } ) => {
    const err = errorOf(f);
    return (
      <Field id={`company-${f}`} label={opts.label} error={err} wide={opts.wide} required={opts.required} hint={opts.hint}>
        <input
          id={`company-${f}`}
          name={f}
          data-testid={`company-${f}`}
          className={opts.mono ? 'mono' : undefined}
          value={values[f]}
          placeholder={opts.placeholder}
          inputMode={opts.inputMode}
          maxLength={opts.maxLength}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `company-${f}-error` : undefined}
          onChange={(e) => set(f, e.target.value)}
          onBlur={() => touch(f)}
        />
      </Field>
    );
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    setBanner(null);
    const firstBad = Object.keys(clientErrors)[0];
    if (firstBad) {
      toast.error(t('companyForm.fixErrors'));
      document.getElementById(`company-${firstBad}`)?.focus();
      return;
    }
    const payload = payloadOf(values);
    let body: Record<string, unknown> = payload;
    if (initial) {
      const before = payloadOf(valuesOf(initial));
      body = Object.fromEntries(Object.entries(payload).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
      if (Object.keys(body).length === 0) {
        toast.info(t('companyForm.noChanges'));
        navigate(`/companies/${initial.id}`);
        return;
      }
      // Roles always go along: a PATCH without them must not fall back to the schema default.
      body.roles = payload.roles;
      body.version = initial.version;
    }
    setSaving(true);
    try {
      const saved = initial
        ? await api<Company>('PATCH', `/companies/${encodeURIComponent(initial.id)}`, body)
        : await api<Company>('POST', '/companies', body);
      toast.success(initial ? t('companyForm.saved') : t('companyForm.created', { name: saved.name }));
      navigate(`/companies/${saved.id}`);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      setServerErrors(fields);
      const existingId = err instanceof ApiError && typeof err.problem.existingId === 'string' ? err.problem.existingId : undefined;
      const stale = err instanceof ApiError && err.status === 409 && !existingId;
      setBanner({ text: errorText(err, t), existingId, stale });
      const first = Object.keys(fields)[0];
      if (first) document.getElementById(`company-${first}`)?.focus();
      else window.scrollTo({ top: 0, behavior: 'smooth' });
    } finally {
      setSaving(false);
    }
  }

  const kind = values.kind;
  const formsForKind = legalForms.filter((lf) => lf.kinds.includes(kind));
  const unknownForm = values.legalForm && !legalForms.some((lf) => lf.value === values.legalForm);

  return (
    <form className="company-form" onSubmit={submit} noValidate data-testid="company-form">
      {banner ? (
        <Banner kind="error" testId="form-banner">
          <span>{banner.text}</span>
          {banner.existingId ? (
            <> <a href={`#/companies/${banner.existingId}`} data-testid="existing-company-link">{t('companyForm.openExisting')}</a></>
          ) : null}
          {banner.stale && onReload ? (
            <> <button type="button" className="link-button" onClick={onReload}>{t('companyForm.reload')}</button></>
          ) : null}
        </Banner>
      ) : null}

      <div className="card form-card">
        <h3>{t('companyForm.sectionMain')}</h3>
        <div className="form-grid">
          <div className="field field-wide">
            <span className="label">{t('company.kind')}</span>
            <div className="segmented" role="radiogroup" aria-label={t('company.kind')}>
              {kinds.map((k) => (
                <label key={k} className={kind === k ? 'active' : ''} data-testid={`company-kind-${k}`}>
                  <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                  {t(`kind.${k}`)}
                </label>
              ))}
            </div>
          </div>
          {kind !== 'individual' ? (
            <Field id="company-legalForm" label={t('company.legalForm')} error={errorOf('legalForm')}>
              <select id="company-legalForm" data-testid="company-legalForm" value={values.legalForm}
                onChange={(e) => set('legalForm', e.target.value)} disabled={kind === 'sole_proprietor'}>
                {formsForKind.map((lf) => <option key={lf.value} value={lf.value}>{t(lf.key)}</option>)}
                {unknownForm ? <option value={values.legalForm}>{values.legalForm}</option> : null}
                {kind === 'legal' ? <option value="">{t('legalForm.other')}</option> : null}
              </select>
            </Field>
          ) : null}
          {input('name', {
            label: kind === 'individual' ? t('company.fullName') : t('company.name'),
            required: true,
            wide: kind === 'individual',
            hint: kind === 'legal' ? t('companyForm.nameHint') : undefined,
          })}
          {input('inn', { label: t('company.inn'), required: kind !== 'individual', mono: true, inputMode: 'numeric', maxLength: 20,
            hint: kind === 'legal' ? t('companyForm.innHint10') : t('companyForm.innHint12') })}
          {kind === 'legal' ? input('kpp', { label: t('company.kpp'), required: true, mono: true, maxLength: 12, hint: t('companyForm.kppHint') }) : null}
          {kind !== 'individual'
            ? input('ogrn', { label: kind === 'legal' ? t('company.ogrn') : t('company.ogrnip'), mono: true, inputMode: 'numeric', maxLength: 20,
              hint: kind === 'legal' ? t('companyForm.ogrnHint') : t('companyForm.ogrnipHint') })
            : null}
        </div>
      </div>

      <div className="card form-card">
        <h3>{t('companyForm.sectionBank')}</h3>
        <div className="form-grid">
          <div>
            {input('bik', { label: t('company.bik'), mono: true, inputMode: 'numeric', maxLength: 12, hint: t('companyForm.bikHint') })}
            <BikHint bik={values.bik} onFill={(b) => setValues((v) => ({ ...v, bankName: b.name, corrAccount: b.corrAccount ?? v.corrAccount }))} />
          </div>
          {input('bankName', { label: t('company.bankName') })}
          {input('settlementAccount', { label: t('company.settlementAccount'), mono: true, inputMode: 'numeric', maxLength: 30 })}
          {input('corrAccount', { label: t('company.corrAccount'), mono: true, inputMode: 'numeric', maxLength: 30 })}
        </div>
      </div>

      <div className="card form-card">
        <h3>{t('companyForm.sectionContacts')}</h3>
        <div className="form-grid">
          {input('legalAddress', { label: kind === 'legal' ? t('company.legalAddress') : t('company.registrationAddress'), wide: true })}
          <div className="field field-wide">
            <div className="label-row">
              <label htmlFor="company-postalAddress">{t('company.postalAddress')}</label>
              <button type="button" className="link-button small" disabled={!values.legalAddress.trim()}
                onClick={() => set('postalAddress', values.legalAddress)}>
                {t('companyForm.sameAsLegal')}
              </button>
            </div>
            <input id="company-postalAddress" data-testid="company-postalAddress" value={values.postalAddress}
              onChange={(e) => set('postalAddress', e.target.value)} onBlur={() => touch('postalAddress')} />
            {errorOf('postalAddress') ? <div className="field-error" data-testid="error-company-postalAddress">{errorOf('postalAddress')}</div> : null}
          </div>
          {input('phone', { label: t('company.phone'), inputMode: 'tel', placeholder: '+7 495 000-00-00' })}
          {input('email', { label: t('company.email'), inputMode: 'email', placeholder: 'info@example.ru' })}
          {input('website', { label: t('company.website'), inputMode: 'url', placeholder: 'example.ru' })}
        </div>
      </div>

      <div className="card form-card">
        <h3>{t('companyForm.sectionRoles')}</h3>
        <div className="form-grid">
          <Field id="company-roles" label={t('company.roles')} error={errorOf('roles')} wide required>
            <div className="checks" id="company-roles">
              {roleOptions.map((r) => (
                <label key={r} className="check">
                  <input type="checkbox" checked={values.roles.includes(r)} data-testid={`company-role-${r}`}
                    onChange={(e) => {
                      touch('roles');
                      set('roles', e.target.checked ? [...values.roles, r] : values.roles.filter((x) => x !== r));
                    }} />
                  {t(`companyRole.${r}`)}
                </label>
              ))}
            </div>
          </Field>
          <Field id="company-notes" label={t('company.notes')} error={errorOf('notes')} wide>
            <textarea id="company-notes" data-testid="company-notes" rows={3} value={values.notes}
              onChange={(e) => set('notes', e.target.value)} onBlur={() => touch('notes')} />
          </Field>
        </div>
      </div>

      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving} data-testid="company-save">
          {saving ? t('common.saving') : initial ? t('common.save') : t('companyForm.create')}
        </button>
        <a className="btn" href={initial ? `#/companies/${initial.id}` : '#/companies'}>{t('common.cancel')}</a>
        {submitted && Object.keys(clientErrors).length > 0 ? (
          <span className="form-actions-note">{t('companyForm.errorsCount', { count: Object.keys(clientErrors).length })}</span>
        ) : null}
      </div>
    </form>
  );
}
