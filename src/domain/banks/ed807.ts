import { AppError } from '../errors.ts';

/** One bank of the Bank of Russia's БИК directory as Rackdesk keeps it. */
export interface BikEntry {
  bik: string;
  /** NameP: the participant's name. */
  name: string;
  /** The active correspondent account (Accounts with RegulationAccountType CRSA), if the bank has one. */
  corrAccount: string | null;
  /** `closed` when the participant is excluded (ParticipantStatus PSDL, ChangeType DLTD, or DateOut given). */
  status: 'active' | 'closed';
  closedOn: string | null;
  city: string | null;
}

export interface Ed807 { edDate: string | null; entries: BikEntry[] }

const ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };
const unescape = (s: string) => s.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|apos);/gi, (_, e: string) =>
  e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e.toLowerCase()]!);

/** The XML declaration names the encoding; the Bank of Russia publishes windows-1251, some tools re-save as UTF-8. */
export function decodeEd807(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /encoding\s*=\s*["']([\w-]+)["']/i.exec(head)?.[1]?.toLowerCase();
  const encoding = declared === 'windows-1251' || declared === 'cp1251' ? 'windows-1251' : 'utf-8';
  let text = new TextDecoder(encoding).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

interface Tag { name: string; attrs: Record<string, string>; closing: boolean; selfClosing: boolean; line: number }

/** Reads the start and end tags of the document with their attributes (ED807 carries everything in attributes). */
function* tags(xml: string): Generator<Tag> {
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|</g;
  const attrRe = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  let line = 1;
  let last = 0;
  while ((m = re.exec(xml))) {
    for (let i = last; i < m.index; i++) if (xml.charCodeAt(i) === 10) line++;
    last = m.index;
    if (m[0] === '<') throw bad(line);
    if (!m[2]) continue;
    const attrs: Record<string, string> = {};
    for (const a of (m[3] ?? '').matchAll(attrRe)) attrs[a[1]!.replace(/^.*:/, '')] = unescape(a[2] ?? a[3] ?? '');
    yield { name: m[2].replace(/^.*:/, ''), attrs, closing: m[1] === '/', selfClosing: m[4] === '/', line };
  }
}

const bad = (line: number, reason = 'xml') => new AppError('validation', 'e.bik.badFile', { line, reason: `bik.file.${reason}` }, [{ path: `line ${line}`, key: 'e.bik.badFile', params: { line, reason: `bik.file.${reason}` } }]);

/**
 * Parses an ED807 (БИК directory) document: every BICDirectoryEntry with its participant's name, status and
 * the active correspondent account. A file that is not ED807, or an entry without a valid БИК or name, is
 * refused whole with the line, so a half-read directory never replaces the one in use.
 */
export function parseEd807(xml: string): Ed807 {
  let root: Tag | null = null;
  const entries: BikEntry[] = [];
  let cur: (BikEntry & { line: number }) | null = null;
  for (const t of tags(xml)) {
    if (!root) {
      if (t.name !== 'ED807') throw bad(t.line, 'notEd807');
      root = t;
      continue;
    }
    if (t.name === 'BICDirectoryEntry' && !t.closing) {
      if (!/^\d{9}$/.test(t.attrs.BIC ?? '')) throw bad(t.line, 'bik');
      cur = { bik: t.attrs.BIC!, name: '', corrAccount: null, status: t.attrs.ChangeType === 'DLTD' ? 'closed' : 'active', closedOn: null, city: null, line: t.line };
      if (t.selfClosing) throw bad(t.line, 'name');
    } else if (t.name === 'BICDirectoryEntry' && t.closing && cur) {
      if (!cur.name) throw bad(cur.line, 'name');
      const { line: _l, ...e } = cur;
      entries.push(e);
      cur = null;
    } else if (t.name === 'ParticipantInfo' && !t.closing && cur) {
      cur.name = (t.attrs.NameP ?? '').trim();
      cur.city = t.attrs.Nnp ? `${t.attrs.Tnp ? `${t.attrs.Tnp}. ` : ''}${t.attrs.Nnp}` : null;
      if (t.attrs.ParticipantStatus === 'PSDL' || t.attrs.DateOut) {
        cur.status = 'closed';
        cur.closedOn = /^\d{4}-\d{2}-\d{2}$/.test(t.attrs.DateOut ?? '') ? t.attrs.DateOut! : null;
      }
    } else if (t.name === 'Accounts' && !t.closing && cur) {
      const active = !t.attrs.AccountStatus || t.attrs.AccountStatus === 'ACAC';
      if (active && t.attrs.RegulationAccountType === 'CRSA' && /^\d{20}$/.test(t.attrs.Account ?? '')) cur.corrAccount = t.attrs.Account!;
    }
  }
  if (!root) throw bad(1, 'notEd807');
  if (cur) throw bad(cur.line, 'unclosed');
  const edDate = root.attrs.EDDate ?? root.attrs.BusinessDay ?? null;
  return { edDate: edDate && /^\d{4}-\d{2}-\d{2}$/.test(edDate) ? edDate : null, entries };
}

/** What a requisites form shows for a БИК: the bank, or a warning (unknown, closed). Not a block: the directory may lag. */
export type BikCheck = { state: 'known'; entry: BikEntry } | { state: 'closed'; entry: BikEntry } | { state: 'unknown' } | { state: 'noDirectory' };
