import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkBik, checkCorrAccount, checkInn, checkKpp, checkOgrn, checkSettlementAccount,
  completeInn10, completeInn12, completeOgrn, completeSettlementAccount,
} from './requisites.ts';

// Published requisites of real companies, collected by hand from their public cards.
const SBER = { inn: '7707083893', kpp: '773601001', ogrn: '1027700132195', bik: '044525225', corr: '30101810400000000225' };
const YANDEX = { inn: '7736207543', ogrn: '1027700229193', account: '40702810438000034726' };

describe('ИНН', () => {
  it('accepts real 10-digit ИНН of legal entities', () => {
    expect(checkInn(SBER.inn, 10)).toBeNull();
    expect(checkInn(YANDEX.inn, 10)).toBeNull();
  });
  it('accepts a valid 12-digit ИНН', () => {
    expect(checkInn('500100732259', 12)).toBeNull();
  });
  it('refuses a wrong control digit', () => {
    expect(checkInn('7707083894')).toBe('v.inn.checksum');
    expect(checkInn('500100732258')).toBe('v.inn.checksum');
    expect(checkInn('773603288410')).toBe('v.inn.checksum');
  });
  it('refuses letters, wrong lengths and all zeros', () => {
    expect(checkInn('77070838A3')).toBe('v.inn.digits');
    expect(checkInn('770708389')).toBe('v.inn.length');
    expect(checkInn(SBER.inn, 12)).toBe('v.inn.length12');
    expect(checkInn('500100732259', 10)).toBe('v.inn.length10');
    expect(checkInn('0000000000')).toBe('v.inn.checksum');
  });
  it('every completed ИНН is valid and any single-digit change is caught (10 digits)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[1-9]\d{8}$/), fc.nat(9), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
      const inn = completeInn10(body);
      expect(checkInn(inn, 10)).toBeNull();
      const changed = inn.slice(0, 9) + ((Number(inn[9]) + delta) % 10);
      expect(checkInn(changed, 10)).toBe('v.inn.checksum');
      void pos;
    }));
  });
  it('every completed 12-digit ИНН is valid', () => {
    fc.assert(fc.property(fc.stringMatching(/^[1-9]\d{9}$/), (body) => { expect(checkInn(completeInn12(body), 12)).toBeNull(); }));
  });
});

describe('КПП', () => {
  it('accepts digit and letter reason codes', () => {
    expect(checkKpp(SBER.kpp)).toBeNull();
    expect(checkKpp('7736AB001')).toBeNull();
  });
  it('refuses wrong formats', () => {
    for (const bad of ['77360100', '7736010011', '7736ab001', 'A73601001', '7736-01001']) expect(checkKpp(bad)).toBe('v.kpp.format');
  });
});

describe('ОГРН / ОГРНИП', () => {
  it('accepts real ОГРН and a valid ОГРНИП', () => {
    expect(checkOgrn(SBER.ogrn, 13)).toBeNull();
    expect(checkOgrn(YANDEX.ogrn, 13)).toBeNull();
    expect(checkOgrn('304500116000157', 15)).toBeNull();
  });
  it('refuses a wrong control digit or length', () => {
    expect(checkOgrn('1027700132196')).toBe('v.ogrn.checksum');
    expect(checkOgrn('304500116000158')).toBe('v.ogrn.checksum');
    expect(checkOgrn('10277001321')).toBe('v.ogrn.length');
    expect(checkOgrn('304500116000157', 13)).toBe('v.ogrn.length13');
  });
  it('completion produces valid numbers of both lengths', () => {
    fc.assert(fc.property(fc.stringMatching(/^1\d{11}$/), (b) => { expect(checkOgrn(completeOgrn(b), 13)).toBeNull(); }));
    fc.assert(fc.property(fc.stringMatching(/^3\d{13}$/), (b) => { expect(checkOgrn(completeOgrn(b), 15)).toBeNull(); }));
  });
});

describe('БИК and accounts', () => {
  it('accepts a real bank: БИК, correspondent account, a client settlement account', () => {
    expect(checkBik(SBER.bik)).toBeNull();
    expect(checkCorrAccount(SBER.corr, SBER.bik)).toBeNull();
    expect(checkSettlementAccount(YANDEX.account, SBER.bik)).toBeNull();
  });
  it('refuses an account whose key does not match the БИК', () => {
    expect(checkSettlementAccount('40702810438000034727', SBER.bik)).toBe('v.account.key');
    expect(checkSettlementAccount(YANDEX.account, '044525593')).toBe('v.account.key');
    expect(checkCorrAccount('30101810400000000226', SBER.bik)).toBe('v.corr.key');
  });
  it('refuses malformed БИК and accounts', () => {
    expect(checkBik('04452522')).toBe('v.bik.format');
    expect(checkBik('144525225')).toBe('v.bik.country');
    expect(checkSettlementAccount('4070281043800003472', SBER.bik)).toBe('v.account.format');
    expect(checkSettlementAccount(YANDEX.account, null)).toBe('v.account.needBik');
    expect(checkCorrAccount('40101810400000000225', SBER.bik)).toBe('v.corr.prefix');
  });
  it('completing the key gives a valid account for any БИК', () => {
    fc.assert(fc.property(fc.stringMatching(/^04\d{7}$/), fc.stringMatching(/^\d{20}$/), (bik, acc) => {
      expect(checkSettlementAccount(completeSettlementAccount(bik, acc), bik)).toBeNull();
    }));
  });
});
