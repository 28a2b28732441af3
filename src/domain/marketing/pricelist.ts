import type { ServiceKind } from '../catalog/service-kinds.ts';
import { demandOfParams } from '../catalog/service-params.ts';
import type { Kopecks } from '../money.ts';
import { vatOf, vatRateFor, type TaxMode } from '../tax.ts';

/**
 * The public price list (C15, rule 5: nothing public states what the catalog does not offer). Pure rules:
 * which offers may be shown (published, with capacity at their site now) and the price as the client pays it.
 */

/** A catalog price as shown to the public: the catalog (net) price, VAT of the seller's tax mode on the date, the total. */
export interface PublicPrice { net: Kopecks; vatRate: string | null; vat: Kopecks; gross: Kopecks }

/** The price a client pays for a catalog price: net + VAT by `vatRateFor` (none under УСН without VAT), rounded once. */
export function publicPriceOf(net: Kopecks, taxMode: TaxMode, date: string): PublicPrice {
  const vatRate = vatRateFor(taxMode, date);
  const vat = vatOf(net, vatRate);
  return { net, vatRate, vat, gross: net + vat };
}

/**
 * Whether a site's free capacity covers one unit of an offer now: every resource the offer takes
 * (`demandOfParams`, the forecast's own measure) is free in at least that amount. Returns what is short.
 */
export function capacityShortfall(kind: ServiceKind, params: Record<string, unknown>, free: ReadonlyMap<string, number>): string[] {
  return demandOfParams(kind, params).filter((d) => (free.get(d.resource) ?? 0) < d.amount).map((d) => d.resource);
}

/** Why an offer is not on the public list (empty: it is shown). */
export function hiddenBecause(o: { published: boolean; shortfall: string[] }): ('unpublished' | 'noCapacity')[] {
  const out: ('unpublished' | 'noCapacity')[] = [];
  if (!o.published) out.push('unpublished');
  if (o.shortfall.length > 0) out.push('noCapacity');
  return out;
}

/** Kopecks as a schema.org price: `12345.67` (a dot, two decimals, no grouping). */
export const schemaPrice = (k: Kopecks): string => `${k / 100n}.${(k % 100n).toString().padStart(2, '0')}`;

/** A short configuration text from an offer's parameters: «8 ядер, 32 ГБ ОЗУ» (Russian; ads and pages use it). */
export function configSummary(kind: ServiceKind, p: Record<string, unknown>): string {
  const n = (k: string) => (p[k] === undefined || p[k] === null || p[k] === '' ? null : String(p[k]).replace('.', ','));
  const parts: (string | null)[] = kind === 'dedicated' ? [n('cores') && `${n('cores')} ядер`, n('ramGb') && `${n('ramGb')} ГБ ОЗУ`, n('disks')]
    : kind === 'vps' ? [n('vcpu') && `${n('vcpu')} vCPU`, n('ramGb') && `${n('ramGb')} ГБ ОЗУ`, n('diskGb') && `${n('diskGb')} ГБ диск`]
      : kind === 'colocation' ? [n('units') && `${n('units')}U`, n('kw') && `${n('kw')} кВт`]
        : [n('mbps') && `${n('mbps')} Мбит/с`];
  return parts.filter((x): x is string => Boolean(x)).join(', ');
}
