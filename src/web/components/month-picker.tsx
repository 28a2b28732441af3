import { useI18n } from '../i18n/index.ts';

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

/** The month's name and the year ("December 2026") for a period `2026-12`, in the UI's language. */
export function periodLabel(period: string, t: (key: string) => string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${t(`month.${m[2]}`)} ${m[1]}` : period;
}

/** A month and a year (`YYYY-MM` as the API wants), chosen from names instead of typed; empty = any month. */
export function MonthPicker(props: { id: string; label: string; value: string; onChange: (period: string) => void; allowEmpty?: boolean; testId?: string }) {
  const { t } = useI18n();
  const [y, m] = props.value ? props.value.split('-') : ['', ''];
  const now = new Date().getFullYear();
  const years = Array.from({ length: 7 }, (_, i) => String(now - 4 + i));
  const set = (year: string, month: string) => props.onChange(year && month ? `${year}-${month}` : '');
  return (
    <span className="month-picker" role="group" aria-labelledby={`${props.id}-label`} data-testid={props.testId}>
      <span id={`${props.id}-label`} className="sr-only">{props.label}</span>
      <select id={props.id} aria-label={`${props.label}: ${t('month.month')}`} value={m} onChange={(e) => set(y || String(now), e.target.value)}>
        {props.allowEmpty ? <option value="">{t('month.any')}</option> : null}
        {MONTHS.map((mm) => <option key={mm} value={mm}>{t(`month.${mm}`)}</option>)}
      </select>
      <select aria-label={`${props.label}: ${t('month.year')}`} value={y} onChange={(e) => set(e.target.value, m || '01')}>
        {props.allowEmpty ? <option value="">—</option> : null}
        {years.map((x) => <option key={x} value={x}>{x}</option>)}
      </select>
    </span>
  );
}
