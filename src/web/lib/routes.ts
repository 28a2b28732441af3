import { lazy, type ComponentType, type ReactNode } from 'react';
import type { Me } from './api.ts';

/** What every route's `render` gets: the path parameters, the permission check and the signed-in user. */
export interface RouteProps {
  params: Record<string, string>;
  can: (permission: string) => boolean;
  me: Me;
}

/** The sidebar groups, in the order a provider's departments work; labels are keys of the `ui` catalog. */
export const NAV_GROUPS = ['sales', 'offer', 'marketing', 'tech', 'accounting', 'admin'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

export interface NavEntry {
  group: NavGroup;
  /** i18n key of the link text. */
  label: string;
  testId: string;
  /** Where the link goes when it differs from the route's path (e.g. a default tab). */
  href?: string;
  /** Position inside the group (smaller first). */
  order: number;
}

/**
 * One row of the route table: the path pattern (`/companies/:id`), who may open it, what it renders and, for
 * top-level pages, the sidebar link. `section` names the nav entry (its testId) a sub-page highlights.
 */
export interface RouteDef {
  path: string;
  permission?: string;
  render: (p: RouteProps) => ReactNode;
  nav?: NavEntry;
  section?: string;
}

/**
 * A page component loaded on first use, so each context's pages land in their own chunks (the start page
 * does not download the billing or inventory screens).
 */
export function lazyPage<M extends Record<string, unknown>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): M[K] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- React.lazy's own signature takes any props
  return lazy(() => load().then((m) => ({ default: m[name] as ComponentType<any> }))) as unknown as M[K];
}
