import { lazyPage, type RouteDef } from '../../lib/routes.ts';

const AdsPage = lazyPage(() => import('./ads-page.tsx'), 'AdsPage');
const PricelistPage = lazyPage(() => import('./pricelist-page.tsx'), 'PricelistPage');

/** Marketing (C15): ads for Yandex Direct and Google Ads, the public price list as staff see it. */
export const marketingRoutes: RouteDef[] = [
  { path: '/ads', permission: 'marketing.read', render: ({ can }) => <AdsPage canWrite={can('marketing.write')} />, nav: { group: 'offer', label: 'nav.ads', testId: 'nav-ads', order: 80 } },
  { path: '/pricelist', permission: 'marketing.read', render: () => <PricelistPage />, nav: { group: 'offer', label: 'nav.pricelist', testId: 'nav-pricelist', order: 70 } },
];
