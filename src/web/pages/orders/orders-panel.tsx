import { Banner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { api, qs } from '../../lib/api.ts';
import { useData, useSubmit } from '../../lib/hooks.ts';
import { rub } from '../../lib/quoting.ts';
import type { OrderListItem, OrderView } from './types.ts';

/**
 * Orders of a company, deal or proposal with their contract and provisioning state, for the pages the
 * chain starts from; on an accepted proposal without an order it offers to create one.
 */
export function OrdersPanel(props: { companyId?: string; dealId?: string; proposalId?: string; canCreate?: boolean; title?: boolean }) {
  const { t, lang } = useI18n();
  const list = useData(() => api<{ items: OrderListItem[] }>('GET', `/orders${qs({ companyId: props.companyId, dealId: props.dealId, proposalId: props.proposalId })}`), [props.companyId, props.dealId, props.proposalId]);
  const create = useSubmit(async () => {
    const o = await api<OrderView>('POST', '/orders', { proposalId: props.proposalId });
    window.location.hash = `#/orders/${o.id}`;
  });
  const items = list.data?.items ?? [];
  return (
    <div className="card table-card" data-testid="orders-panel" style={{ marginTop: 14 }}>
      {props.title === false ? null : <h2 style={{ padding: '10px 14px 0' }}>{t('orders.title')}</h2>}
      {list.error ? <Banner kind="error">{list.error}</Banner> : null}
      {create.banner ? <Banner kind="error" testId="order-create-error">{create.banner}</Banner> : null}
      {items.length === 0 ? (
        <div className="empty">
          {t('orders.none')}
          {props.canCreate && props.proposalId ? <> <button type="button" className="btn btn-primary" data-testid="order-create" disabled={create.busy} onClick={() => void create.run()}>{t('orders.create')}</button></> : null}
        </div>
      ) : (
        <table className="table">
          <thead><tr><th>{t('orders.col.number')}</th><th>{t('orders.col.client')}</th><th>{t('orders.col.status')}</th><th>{t('orders.col.signing')}</th><th>{t('orders.col.provisioning')}</th><th>{t('orders.col.monthly')}</th></tr></thead>
          <tbody>{items.map((o) => (
            <tr key={o.id} data-testid={`order-row-${o.number}`}>
              <td><a href={`#/orders/${o.id}`}>{o.number}</a></td><td>{o.companyName}</td><td>{t(`order.status.${o.status}`)}</td>
              <td>{o.contractNumber} / {o.appendixNo} · <span className={o.signed ? 'status status-ok' : 'status'} data-testid="order-signed">{t(`signing.${o.signing}`)}</span></td>
              <td>{o.provisioning ? t(`prov.${o.provisioning}`) : '—'}{o.deadline ? ` · ${o.deadline.split('-').reverse().join('.')}` : ''}</td>
              <td className="num">{rub(o.monthlyTotal, lang)}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </div>
  );
}

/** The full list of orders (manager's view). */
export function OrdersPage() {
  const { t } = useI18n();
  return <section className="page"><div className="page-head"><h1>{t('orders.title')}</h1></div><OrdersPanel title={false} /></section>;
}
