import { CompanyPicker, type Picked } from '../../components/async-picker.tsx';
import { Field } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';

export const OWNERS = ['us', 'client', 'supplier'] as const;

/**
 * Whose a unit is: we, a client or a supplier (until paid off) — and then which company. Used by the new-unit
 * form and the card's edit form; `prefix` names the ids and test ids (`<prefix>-owner`, `<prefix>-owner-company`).
 */
export function OwnerFields({ prefix, owner, company, errors, locked, onChange }: {
  prefix: string; owner: string; company: Picked | null; errors: Record<string, string>; locked?: string | null; onChange: (owner: string, company: Picked | null) => void;
}) {
  const { t } = useI18n();
  const companyLabel = t(owner === 'supplier' ? 'eq.ownerSupplier' : 'eq.ownerClient');
  return (
    <>
      <Field id={`${prefix}-owner`} label={t('eq.ownerLabel')} required error={errors.owner} hint={locked ?? undefined}>
        <select id={`${prefix}-owner`} data-testid={`${prefix}-owner`} value={owner} disabled={Boolean(locked)} onChange={(e) => onChange(e.target.value, null)}>
          {OWNERS.map((o) => <option key={o} value={o}>{t(`eq.owner.${o}`)}</option>)}
        </select>
      </Field>
      {owner !== 'us' ? (
        <Field id={`${prefix}-owner-company`} label={companyLabel} required error={errors.ownerCompanyId}>
          <CompanyPicker key={owner} id={`${prefix}-owner-company`} label={companyLabel} role={owner === 'supplier' ? 'supplier' : 'client'}
            value={company} testId={`${prefix}-owner-company`} onChange={(p) => onChange(owner, p)} />
        </Field>
      ) : null}
    </>
  );
}
