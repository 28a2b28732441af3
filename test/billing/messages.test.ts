import { describe, expect, it } from 'vitest';
import { requirePermission } from '../../src/app/context.ts';
import { AppError } from '../../src/domain/errors.ts';
import { translate } from '../../src/domain/messages.ts';
import { permissions } from '../../src/domain/parties/permissions.ts';
import { testDb } from '../helpers/db.ts';
import { ctxAs } from '../helpers/factories.ts';

const render = (e: unknown, locale: 'ru' | 'en') => translate(locale, (e as AppError).key, (e as AppError).params);

describe('messages a person reads are sentences with names, not codes', () => {
  it('the permission error names the right in words, never its internal key', { timeout: 120_000 }, async () => {
    const manager = await ctxAs((await testDb()).db, 'manager');
    let err: unknown;
    try { requirePermission(manager, 'proposal.approve'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AppError);
    expect(render(err, 'ru')).toBe('Недостаточно прав: для этого действия нужно право «согласование КП ниже минимальной цены (руководство)». Обратитесь к администратору');
    expect(render(err, 'en')).not.toContain('proposal.approve');
    for (const p of permissions) for (const l of ['ru', 'en'] as const) expect(translate(l, `perm.${p}`)).not.toBe(`perm.${p}`);
  });

  it('deal and proposal messages use stage names and the proposal number once', () => {
    expect(translate('ru', 'e.crm.closed', { stage: 'Выиграна', stageEn: 'Won' })).toBe('Сделка уже закрыта в стадии «Выиграна»; её нельзя двигать');
    expect(translate('en', 'e.crm.closed', { stage: 'Выиграна', stageEn: 'Won' })).toBe('The deal is already closed in the stage "Won" and cannot move');
    expect(translate('ru', 'e.crm.createClosed', { stage: 'Выиграна', stageEn: 'Won' })).toContain('нельзя создать сразу в стадии «Выиграна»');
    const ru = translate('ru', 'e.crm.proposalNotAccepted', { number: 'КП-2026-00004' });
    expect(ru).toContain('КП-2026-00004');
    expect(ru).not.toMatch(/КП № КП/);
  });
});
