import { billingRoutes } from './pages/billing/routes.tsx';
import { compensationRoutes } from './pages/compensation/routes.tsx';
import { crmRoutes } from './pages/crm/routes.tsx';
import { inventoryRoutes } from './pages/inventory/routes.tsx';
import { installmentsRoutes } from './pages/installments/routes.tsx';
import { partiesRoutes } from './pages/parties/routes.tsx';
import { quotingRoutes } from './pages/quoting/routes.tsx';
import { ordersRoutes } from './pages/orders/routes.tsx';
import { marketingRoutes } from './pages/marketing/routes.tsx';
import { matchRoute } from './lib/router.ts';
import { NAV_GROUPS, type NavEntry, type NavGroup, type RouteDef } from './lib/routes.ts';

/**
 * The one route table: every page of the UI, its permission and its sidebar link. A context adds its pages
 * in `pages/<context>/routes.tsx` and one line here. More specific patterns come first within a context.
 */
export const ROUTES: RouteDef[] = [...crmRoutes, ...partiesRoutes, ...quotingRoutes, ...inventoryRoutes, ...billingRoutes, ...compensationRoutes, ...ordersRoutes, ...installmentsRoutes, ...marketingRoutes];

/** The page shown for `/`. */
export const HOME = '/companies';

export interface Matched {
  route: RouteDef;
  params: Record<string, string>;
}

export function findRoute(path: string): Matched | null {
  const p = path === '/' ? HOME : path;
  for (const route of ROUTES) {
    const params = matchRoute(route.path, p);
    if (params) return { route, params };
  }
  return null;
}

export interface NavLink extends NavEntry {
  href: string;
  permission?: string;
}

/** The sidebar: groups in department order, links in their order, only those the user may open. */
export function navFor(can: (permission: string) => boolean): { group: NavGroup; items: NavLink[] }[] {
  return NAV_GROUPS.map((group) => ({
    group,
    items: ROUTES.filter((r) => r.nav?.group === group && (!r.permission || can(r.permission)))
      .map((r) => ({ ...r.nav!, href: r.nav!.href ?? `#${r.path}`, permission: r.permission }))
      .sort((a, b) => a.order - b.order),
  })).filter((g) => g.items.length > 0);
}

/** The testId of the sidebar link a path belongs to (its own link, or the `section` of a sub-page). */
export function activeNav(path: string): string | undefined {
  const m = findRoute(path);
  return m ? (m.route.nav?.testId ?? m.route.section) : undefined;
}
