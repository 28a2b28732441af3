import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.ts';
import { api } from '../lib/api.ts';

export interface BikEntry { bik: string; name: string; corrAccount: string | null; status: 'active' | 'closed' }
type Check = { state: 'known' | 'closed'; entry: BikEntry } | { state: 'unknown' | 'noDirectory' };

/**
 * Looks a BIK up in the Bank of Russia directory as it is typed: a known bank fills the bank name and the
 * correspondent account (`onFill`, only when the BIK was changed here, so an opened record is not rewritten);
 * an unknown or closed BIK shows a warning — never a block, since the directory may lag behind the bank.
 */
export function BikHint({ bik, onFill }: { bik: string; onFill: (e: BikEntry) => void }) {
  const { t } = useI18n();
  const [check, setCheck] = useState<Check | null>(null);
  const first = useRef(bik);
  const fill = useRef(onFill);
  fill.current = onFill;
  useEffect(() => {
    const digits = bik.replace(/\D/g, '');
    if (!/^\d{9}$/.test(digits)) { setCheck(null); return; }
    let live = true;
    api<Check>('GET', `/bik-directory/${digits}`).then((c) => {
      if (!live) return;
      setCheck(c);
      if (c.state === 'known' && bik !== first.current) fill.current(c.entry);
    }, () => { if (live) setCheck(null); });
    return () => { live = false; };
  }, [bik]);
  if (!check || check.state === 'noDirectory') return null;
  if (check.state === 'known') return <div className="field-hint" role="status" data-testid="bik-known">{t('bik.known', { name: check.entry.name })}</div>;
  return (
    <div className="bik-warning" role="status" data-testid={`bik-${check.state}`}>
      {check.state === 'closed' ? t('bik.closed', { bik: check.entry.bik, name: check.entry.name }) : t('bik.unknown', { bik: bik.replace(/\D/g, '') })}
    </div>
  );
}
