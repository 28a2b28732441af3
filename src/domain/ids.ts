const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Prefixes of entity ids, so an id in a log or URL says what it is. */
export type IdPrefix =
  | 'co' | 'ct' | 'cs' | 'us' | 'ss' | 'jb' | 'st' | 'op' | 'of' | 'pl' | 'pn' | 'qt'
  | 'qv' | 'ql' | 'qa' | 'dl' | 'ac' | 'tk' | 'pa' | 'rm' | 'rk' | 'eq' | 'pt' | 'pf'
  | 'vh' | 'ul' | 'cv' | 'al' | 'fr' | 'fa' | 'sv' | 'tf' | 'iv' | 'pm' | 'bs' | 'se'
  | 'sp' | 'br'
  // compensation: plan, plan version, assignment, handover, deduction, penalty, statement
  | 'ppl' | 'ppv' | 'pas' | 'pho' | 'pdd' | 'ppn' | 'pst'
  // banks (БИК directory)
  | 'bk'
  // sales flow: client decision, personal link, survey
  | 'qd' | 'lk' | 'sq'
  // orders, contracts, provisioning
  | 'or' | 'ol' | 'ck' | 'cd' | 'tm' | 'pr' | 'pd' | 'ds'
  // installments: agreement, schedule entry, outgoing bank document
  | 'ia' | 'iy' | 'ob'
  // marketing: competitor, competitor offer, ad spend
  | 'mc' | 'mo' | 'ms'
  // ads: template, campaign, group, ad, keyword, export
  | 'adt' | 'adc' | 'adg' | 'ad' | 'adk' | 'adx'
  // lead form: pending double opt-in
  | 'lo';

/** A prefixed, time-ordered, random id such as `co_01jd3k8w5q9x2m7v4c6b`. */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = new Uint8Array(10);
  crypto.getRandomValues(bytes);
  let rand = '';
  for (const b of bytes) rand += ALPHABET[b % 32];
  return `${prefix}_${time}${rand}`;
}
