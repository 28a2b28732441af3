import { describe, expect, it } from 'vitest';
import { mayContact, type ConsentEvent } from './consent.ts';

const t = (s: string) => new Date(s);
const ev = (purpose: ConsentEvent['purpose'], status: ConsentEvent['status'], at: string, channel: ConsentEvent['channel'] = 'email'): ConsentEvent => ({ channel, purpose, status, at: t(at) });
const now = t('2026-11-27T12:00:00Z');

describe('mayContact', () => {
  it('refuses when nothing was ever recorded', () => {
    expect(mayContact([], 'email', 'advertising', now)).toMatchObject({ allowed: false, reason: 'none' });
  });
  it('advertising needs both personal-data and advertising consent on that channel', () => {
    const onlyAds = [ev('advertising', 'granted', '2026-01-01T00:00:00Z')];
    expect(mayContact(onlyAds, 'email', 'advertising', now)).toMatchObject({ allowed: false, purpose: 'pd_processing' });
    const both = [...onlyAds, ev('pd_processing', 'granted', '2026-01-01T00:00:00Z')];
    expect(mayContact(both, 'email', 'advertising', now).allowed).toBe(true);
    expect(mayContact(both, 'sms', 'advertising', now).allowed).toBe(false);
  });
  it('a withdrawal takes effect at once and wins over the earlier grant', () => {
    const events = [ev('pd_processing', 'granted', '2026-01-01T00:00:00Z'), ev('advertising', 'granted', '2026-01-01T00:00:00Z'), ev('advertising', 'withdrawn', '2026-11-27T11:59:59Z')];
    expect(mayContact(events, 'email', 'advertising', now)).toMatchObject({ allowed: false, reason: 'withdrawn' });
    expect(mayContact(events, 'email', 'pd_processing', now).allowed).toBe(true);
  });
  it('a grant after a withdrawal restores consent; future-dated events do not count yet', () => {
    const events = [ev('pd_processing', 'withdrawn', '2026-01-01T00:00:00Z'), ev('pd_processing', 'granted', '2026-02-01T00:00:00Z'), ev('pd_processing', 'withdrawn', '2026-12-01T00:00:00Z')];
    expect(mayContact(events, 'email', 'pd_processing', now).allowed).toBe(true);
  });
});
