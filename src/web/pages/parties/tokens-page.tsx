import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Banner, Field, Spinner } from '../../components/field.tsx';
import { useConfirm } from '../../components/confirm.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { errorText, fieldErrorsOf } from '../../lib/errors.ts';
import { fmtInstant } from '../../lib/format.ts';

interface TokenRow {
  id: string; userId: string; userName: string; userEmail: string; label: string;
  createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

const stateClass = { active: 'status-granted', expired: 'status-withdrawn', revoked: 'status-withdrawn' } as const;

/** API tokens: everyone issues and revokes their own; admins also see and revoke everyone's. */
export function TokensPage({ admin, userId }: { admin: boolean; userId: string }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const { confirm, dialog } = useConfirm();
  const [all, setAll] = useState(false);
  const [rows, setRows] = useState<TokenRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [issued, setIssued] = useState<string | null>(null);

  const load = useCallback(() => {
    api<{ items: TokenRow[] }>('GET', all ? '/tokens?all=true' : '/tokens').then((r) => setRows(r.items)).catch((e) => setError(errorText(e, t)));
  }, [all, t]);
  useEffect(load, [load]);

  const create = async (ev: FormEvent) => {
    ev.preventDefault();
    setErrors({});
    setError(null);
    try {
      const r = await api<{ token: string }>('POST', `/users/${userId}/tokens`, { label, expiresOn: expiresOn || null });
      setIssued(r.token);
      setLabel('');
      setExpiresOn('');
      load();
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      setError(errorText(e, t));
    }
  };

  const revoke = async (row: TokenRow) => {
    const ok = await confirm({ title: t('tokens.revokeTitle'), text: t('tokens.revokeText', { label: row.label }), confirmLabel: t('tokens.revoke'), danger: true });
    if (!ok) return;
    try {
      await api('DELETE', `/tokens/${row.id}`);
      toast.success(t('tokens.revoked'));
      load();
    } catch (e) { setError(errorText(e, t)); }
  };

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('tokens.title')}</h1>
          <p className="page-sub">{t('tokens.subtitle')}</p>
        </div>
        {admin ? (
          <label className="check">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="tokens-all" /> {t('tokens.all')}
          </label>
        ) : null}
      </div>
      {error ? <Banner kind="error" testId="tokens-error">{error}</Banner> : null}
      {issued ? (
        <Banner kind="info" testId="token-issued">
          {t('tokens.created')}: <code data-testid="token-value">{issued}</code>{' '}
          <button type="button" className="btn btn-sm" onClick={() => { void navigator.clipboard?.writeText(issued); toast.success(t('tokens.copied')); }} data-testid="token-copy">{t('tokens.copy')}</button>
        </Banner>
      ) : null}
      <form className="card form-grid" onSubmit={create} noValidate data-testid="token-form">
        <Field id="token-label" label={t('tokens.label')} error={errors.label} required>
          <input id="token-label" value={label} maxLength={200} onChange={(e) => setLabel(e.target.value)} data-testid="token-label" />
        </Field>
        <Field id="token-expires" label={t('tokens.expiresOn')} error={errors.expiresOn}>
          <input id="token-expires" type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} data-testid="token-expires" />
        </Field>
        <div className="form-actions"><button type="submit" className="btn btn-primary" data-testid="token-create">{t('tokens.create')}</button></div>
      </form>
      {!rows ? (!error ? <Spinner label={t('common.loading')} /> : null) : rows.length === 0 ? <p className="muted">{t('tokens.empty')}</p> : (
        <div className="card table-card">
          <table className="table" data-testid="tokens-table">
            <thead>
              <tr>
                <th>{t('tokens.label')}</th>
                {all ? <th>{t('tokens.user')}</th> : null}
                <th className="nowrap">{t('tokens.createdAt')}</th>
                <th className="nowrap">{t('tokens.expiresAt')}</th>
                <th className="nowrap">{t('tokens.lastUsedAt')}</th>
                <th>{t('tokens.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="token-row" data-id={r.id}>
                  <td className="strong">{r.label}</td>
                  {all ? <td>{r.userName} <span className="muted">{r.userEmail}</span></td> : null}
                  <td className="nowrap muted">{fmtInstant(r.createdAt, lang)}</td>
                  <td className="nowrap">{r.expiresAt ? fmtInstant(r.expiresAt, lang) : t('tokens.never')}</td>
                  <td className="nowrap muted">{r.lastUsedAt ? fmtInstant(r.lastUsedAt, lang) : t('tokens.notUsed')}</td>
                  <td><span className={`status ${stateClass[r.state]}`}>{t(`tokens.state.${r.state}`)}</span></td>
                  <td className="actions">
                    {r.state === 'active' ? <button type="button" className="btn btn-sm btn-danger" onClick={() => void revoke(r)} data-testid="token-revoke">{t('tokens.revoke')}</button> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog}
    </section>
  );
}
