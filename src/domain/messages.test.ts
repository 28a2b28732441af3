import { describe, expect, it } from 'vitest';
import { fieldErrorText, importLocation } from './messages.ts';

describe('field errors of an imported file', () => {
  it('name the line and the column in the reader’s language, never the raw path', () => {
    expect(fieldErrorText('ru', { path: 'line 3.billing', key: 'v.invalid' })).toBe('Строка 3, столбец «billing»: Неверное значение');
    expect(fieldErrorText('en', { path: 'line 3.billing', key: 'v.invalid' })).toMatch(/^Line 3, column “billing”: /);
    expect(fieldErrorText('ru', { path: 'line 4: Цена в месяц', key: 'v.money' })).toMatch(/^Строка 4, столбец «Цена в месяц»: /);
    expect(fieldErrorText('ru', { path: 'line 5.params.kw', key: 'v.invalid' })).toMatch(/^Строка 5, столбец «params\.kw»: /);
    expect(fieldErrorText('ru', { path: 'line 7', key: 'v.replacementChar' })).toMatch(/^Строка 7: [А-Я]/);
    expect(fieldErrorText('en', { path: 'line 7', key: 'v.replacementChar' })).toMatch(/^Line 7: [A-Z]/);
  });

  it('leave an ordinary field’s message as it is', () => {
    expect(fieldErrorText('ru', { path: 'inn', key: 'v.invalid' })).toBe('Неверное значение');
    expect(importLocation('lines')).toBeNull();
    expect(importLocation('line 12')).toEqual({ line: 12, column: null });
  });
});
