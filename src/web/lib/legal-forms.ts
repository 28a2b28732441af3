import type { CompanyKind } from './api.ts';

/**
 * Organisational-legal forms. `value` is what is stored and printed in documents (the
 * Russian abbreviation); `key` names its label in the UI catalogs.
 */
export const legalForms: readonly { value: string; key: string; kinds: readonly CompanyKind[] }[] = [
  { value: 'ООО', key: 'legalForm.ooo', kinds: ['legal'] },
  { value: 'АО', key: 'legalForm.ao', kinds: ['legal'] },
  { value: 'ПАО', key: 'legalForm.pao', kinds: ['legal'] },
  { value: 'НАО', key: 'legalForm.nao', kinds: ['legal'] },
  { value: 'ЗАО', key: 'legalForm.zao', kinds: ['legal'] },
  { value: 'ОАО', key: 'legalForm.oao', kinds: ['legal'] },
  { value: 'АНО', key: 'legalForm.ano', kinds: ['legal'] },
  { value: 'НКО', key: 'legalForm.nko', kinds: ['legal'] },
  { value: 'ФГУП', key: 'legalForm.fgup', kinds: ['legal'] },
  { value: 'ГУП', key: 'legalForm.gup', kinds: ['legal'] },
  { value: 'МУП', key: 'legalForm.mup', kinds: ['legal'] },
  { value: 'ГБУ', key: 'legalForm.gbu', kinds: ['legal'] },
  { value: 'ИП', key: 'legalForm.ip', kinds: ['sole_proprietor'] },
];

export const defaultLegalForm = (kind: CompanyKind): string =>
  kind === 'legal' ? 'ООО' : kind === 'sole_proprietor' ? 'ИП' : '';
