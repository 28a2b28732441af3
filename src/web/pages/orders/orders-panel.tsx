import { Banner } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.ts';
import { ListTable, useList, type Column } from '../../components/list.tsx';
import { api } from '../../lib/api.ts';
import { useSubmit } from '../../lib/hooks.ts';
import { rub } from '../../lib/quoting.ts';
import type { OrderListItem, OrderView } from './types.ts';

/**
 * Orders of a company, deal or proposal with their contract and provisioning state, for the pages the
 * chain starts from; on an accepted proposal without an order it offers to create one.
 */
export function OrdersPanel(props: { companyId?: string; dealId?: string; proposalId?: string; canCreate?: boolean; title?: boolean }) {
  const { t, lang } = useI18n();
  const list = useList<OrderListItem>('/orders', { sort: '-createdAt', limit: 25, fixed: { companyId: props.companyId, dealId: props.dealId, proposalId: props.proposalId } });
  const create = useSubmit(async () => {
    const o = await api<OrderView>('POST', '/orders', { proposalId: props.proposalId });
    window.location.hash = `#/orders/${o.id}`;
  });
  const columns: Column<OrderListItem>[] = [
    { key: 'number', label: t('orders.col.number'), sort: 'number', render: (o) => <a href={`#/orders/${o.id}`}>{o.number}</a> },
    { key: 'client', label: t('orders.col.client'), sort: 'client', render: (o) => o.companyName },
    { key: 'status', label: t('orders.col.status'), sort: 'status', render: (o) => t(`order.status.${o.status}`) },
    { key: 'signing', label: t('orders.col.signing'), render: (o) => <>{o.contractNumber} / {o.appendixNo} · <span className={o.signed ? 'status status-ok' : 'status'} data-testid="order-signed">{t(`signing.${o.signing}`)}</span></> },
    { key: 'provisioning', label: t('orders.col.provisioning'), sort: 'deadline', render: (o) => `${o.provisioning ? t(`prov.${o.provisioning}`) : '—'}${o.deadline ? ` · ${o.deadline.split('-').reverse().join('.')}` : ''}` },
    { key: 'monthly', label: t('orders.col.monthly'), sort: 'monthly', num: true, render: (o) => rub(o.monthlyTotal, lang) },
  ];
  const none = list.data?.total === 0;
  return (
    <div data-testid="orders-panel" style={{ marginTop: 14 }}>
      {props.title === false ? null : <h2>{t('orders.title')}</h2>}
      {create.banner ? <Banner kind="error" testId="order-create-error">{create.banner}</Banner> : null}
      {none && props.canCreate && props.proposalId ? <p><button type="button" className="btn btn-primary" data-testid="order-create" disabled={create.busy} onClick={() => void create.run()}>{t('orders.create')}</button></p> : null}
      <ListTable list={list} columns={columns} rowKey={(o) => o.id} testId="orders-table" empty={t('orders.none')} caption={t('orders.title')}
        rowAttrs={(o) => ({ 'data-testid': `order-row-${o.number}` })} />
    </div>
  );
}

/** The full list of orders (manager's view). */
export function OrdersPage() {
  const { t } = useI18n();
  return <section className="page"><div className="page-head"><h1>{t('orders.title')}</h1></div><OrdersPanel title={false} /></section>;
}
