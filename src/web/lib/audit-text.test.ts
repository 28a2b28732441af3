import { describe, expect, it } from 'vitest';
import { describeAudit, type Lookup } from './audit-text.ts';
import { ru } from '../i18n/ru.ts';
import { en } from '../i18n/en.ts';
import type { AuditRow } from './api.ts';

/** The UI catalog as `t` does it: {{placeholders}} filled, '' for an unknown key. */
const lookup = (catalog: Record<string, string>): Lookup => (key, params = {}) =>
  (catalog[key] ?? '').replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ''));

const row = (over: Partial<AuditRow>): AuditRow => ({
  id: '1', at: '2026-11-29T09:30:00Z', actorId: 'us_1', actorName: 'Сидорова Анна Игоревна', entityType: 'deal', entityId: 'dl_01abcdefghijklmnopqr',
  action: 'update', before: null, after: null, ...over,
});

const deal = { id: 'dl_01abcdefghijklmnopqr', title: 'Колокация 2U', stage: 'new', expectedMonthlyRevenue: '2000000', contactId: null, ownerId: 'us_01abcdefghijklmnopqr',
  nextStep: null, nextStepDue: null, version: 1, updatedAt: '2026-11-29T09:00:00.000Z', companyId: 'co_01abcdefghijklmnopqr' };
const names = { contacts: { ct_1: 'Орлова Вера Сергеевна' }, stages: { new: 'Новый', won: 'Выиграна' } };

describe('history as sentences', () => {
  it('a deal edit reads as a sentence with labelled fields, rubles, dates and the contact’s name — no ids, no keys', () => {
    const d = describeAudit(row({
      before: deal,
      after: { ...deal, expectedMonthlyRevenue: '2450050', contactId: 'ct_1', nextStep: 'Отправить КП', nextStepDue: '2026-12-04', version: 2, updatedAt: '2026-11-29T09:30:00.000Z' },
    }), lookup(ru), 'ru', names);
    expect(d.sentence).toBe('Изменена сделка «Колокация 2U»');
    expect(d.link).toBe('#/deals/dl_01abcdefghijklmnopqr');
    expect(d.changes.map((c) => [c.label, c.before, c.after])).toEqual([
      ['Контакт', '—', 'Орлова Вера Сергеевна'],
      ['Ожидаемый доход в месяц', '20\u00a0000,00\u00a0₽', '24\u00a0500,50\u00a0₽'],
      ['Следующий шаг', '—', 'Отправить КП'],
      ['Срок шага', '—', '04.12.2026'],
    ]);
  });

  it('a stage change names the stage; English has no Russian apart from names; unknown actions never show raw keys', () => {
    const won = row({ action: 'stage:won', before: deal, after: { ...deal, stage: 'won' } });
    expect(describeAudit(won, lookup(ru), 'ru', names).sentence).toBe('Сделка «Колокация 2U» переведена на стадию «Выиграна»');
    expect(describeAudit(won, lookup(en), 'en', { stages: { won: 'Won' } }).sentence).toBe('Deal “Колокация 2U” moved to “Won”');
    const line = describeAudit(row({ entityType: 'proposal', action: 'line.add', after: { description: 'VPS', unitPrice: '99000', contentHash: 'abc', params: { vcpu: 2, ramGb: 4 } } }), lookup(ru), 'ru');
    expect(line.sentence).toBe('В КП добавлена строка «VPS»');
    expect(line.changes.map((c) => `${c.label}: ${c.after}`)).toEqual(['Описание: VPS', 'Цена за единицу: 990,00\u00a0₽']);
    const odd = describeAudit(row({ entityType: 'widget', action: 'frobnicate', after: { weird: { nested: 1 } } }), lookup(ru), 'ru');
    expect(odd.sentence).toBe('Запись: изменение');
    expect(JSON.stringify(odd)).not.toMatch(/widget|frobnicate|nested/);
  });
});
