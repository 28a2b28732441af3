import { useSyncExternalStore } from 'react';

/**
 * Hash routing (`#/companies/co_…`): deep links and reloads work whatever the server
 * does with unknown paths, since it only ever serves `/`.
 */
const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};
const snapshot = () => window.location.hash.replace(/^#/, '') || '/';

export function useHashPath(): string {
  return useSyncExternalStore(subscribe, snapshot);
}

export function navigate(to: string): void {
  window.location.hash = to;
}

export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const a = path.split('?')[0]!.split('/').filter(Boolean);
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const val = a[i]!;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(val);
    else if (seg !== val) return null;
  }
  return params;
}
