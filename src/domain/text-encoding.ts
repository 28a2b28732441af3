import { AppError } from './errors.ts';

/** The encodings a CSV from people's desks arrives in: Excel's «CSV UTF-8», or Russian Excel's default. */
export type TextEncodingName = 'utf-8' | 'windows-1251';

const REPLACEMENT = '\uFFFD';

/**
 * Whether bytes that are not UTF-8 read as Russian Windows-1251 text: nearly every byte above 0x7F is a
 * Cyrillic letter (0xC0–0xFF, Ё/ё 0xA8/0xB8) or the punctuation Russian text uses (№, «», dashes, NBSP).
 */
export function looksLikeCp1251(bytes: Uint8Array): boolean {
  let high = 0;
  let fitting = 0;
  for (const b of bytes) {
    if (b < 0x80) continue;
    high++;
    if (b >= 0xc0 || b === 0xa8 || b === 0xb8 || b === 0xb9 || b === 0xab || b === 0xbb || b === 0x96 || b === 0x97 || b === 0xa0) fitting++;
  }
  return high > 0 && fitting / high >= 0.95;
}

/** The 1-based line of the first U+FFFD in `text`, or null: a character lost to a bad conversion earlier. */
export function replacementLine(text: string): number | null {
  const at = text.indexOf(REPLACEMENT);
  if (at < 0) return null;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Refuses text holding U+FFFD, naming the line: such a file lost letters before it reached us. */
export function refuseReplacementChars(text: string): void {
  const line = replacementLine(text);
  if (line !== null) throw new AppError('validation', 'e.importFailed', {}, [{ path: `line ${line}`, key: 'v.replacementChar' }], { lines: [line] });
}

/**
 * Decodes an uploaded text file: valid UTF-8 (a BOM is dropped) or else Windows-1251 when the bytes read as
 * Russian text; anything else is refused with a clear message rather than stored as «����».
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  let text: string;
  let encoding: TextEncodingName;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    encoding = 'utf-8';
  } catch {
    if (!looksLikeCp1251(bytes)) throw new AppError('validation', 'e.encoding');
    text = new TextDecoder('windows-1251').decode(bytes);
    encoding = 'windows-1251';
  }
  refuseReplacementChars(text);
  return { text, encoding };
}
