import { inflateRawSync } from 'node:zlib';
import PizZip from 'pizzip';
import { AppError } from '../../domain/errors.ts';

/**
 * DOCX and XLSX files are ZIP archives: a small upload can unpack to gigabytes (a "zip bomb") and then
 * freeze the server or take all of its memory while a library parses it. Every uploaded or stored Office
 * file passes `checkZip` before any library opens it: the number of parts, the unpacked size of all parts
 * and of the XML the libraries parse are bounded. Sizes are measured by really inflating each part with a
 * bounded output (a header can lie about them), so memory and time stay bounded too.
 */
export interface ZipLimits {
  /** Parts in the archive (central directory entries). */
  maxEntries: number;
  /** All parts together, unpacked. */
  maxUnpackedBytes: number;
  /** The XML parts together (what docxtemplater or ExcelJS parse), unpacked. */
  maxXmlBytes: number;
}

const MB = 1024 * 1024;

/** A Word template: a 20-page contract with logos is a few megabytes unpacked, its XML under one. */
export const DOCX_LIMITS: ZipLimits = { maxEntries: 1000, maxUnpackedBytes: 32 * MB, maxXmlBytes: 8 * MB };
/** An import sheet: 50 000 rows of ten columns unpack to about 40 MB of XML. */
export const XLSX_LIMITS: ZipLimits = { maxEntries: 1000, maxUnpackedBytes: 64 * MB, maxXmlBytes: 64 * MB };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_LOCATOR = 0x07064b50;

const brokenZip = () => new AppError('validation', 'e.upload.brokenZip', {}, [{ path: 'file', key: 'e.upload.brokenZip' }]);
const tooLarge = (key: string, limit: number) =>
  new AppError('too_large', key, { limit }, [{ path: 'file', key, params: { limit } }]);

/** Where the end-of-central-directory record starts (it ends the file, after an optional comment). */
function endRecord(buf: Buffer, broken: () => AppError): number {
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  for (let at = buf.length - 22; at >= lowest; at--) {
    if (buf.readUInt32LE(at) === EOCD && at + 22 + buf.readUInt16LE(at + 20) === buf.length) return at;
  }
  throw broken();
}

const isXml = (name: string) => /\.(xml|rels|vml)$/i.test(name);

/** What `checkZip` measured: parts and their unpacked bytes. */
export interface ZipMeasure { entries: number; unpackedBytes: number; xmlBytes: number }

/**
 * Refuses an archive over the limits with a 413 ("too large when unpacked", "too many parts") and a
 * malformed one with `broken()` (a 400 by default), before any library inflates it. Returns what it measured.
 */
export function checkZip(buf: Buffer, limits: ZipLimits, broken: () => AppError = brokenZip): ZipMeasure {
  if (buf.length < 22) throw broken();
  const end = endRecord(buf, broken);
  // ZIP64 (over 65 535 parts or 4 GB) is never an Office file we accept.
  if (end >= 20 && buf.readUInt32LE(end - 20) === ZIP64_LOCATOR) throw tooLarge('e.upload.tooManyParts', limits.maxEntries);
  const entries = buf.readUInt16LE(end + 10);
  const dirSize = buf.readUInt32LE(end + 12);
  const dirStart = buf.readUInt32LE(end + 16);
  if (entries > limits.maxEntries) throw tooLarge('e.upload.tooManyParts', limits.maxEntries);
  if (dirStart + dirSize > end) throw broken();

  // First the sizes the directory declares (cheap, refuses an honest bomb without inflating anything) ...
  const parts: { name: string; method: number; size: number; packed: number; local: number }[] = [];
  let at = dirStart;
  let declared = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > end || buf.readUInt32LE(at) !== CENTRAL) throw broken();
    const method = buf.readUInt16LE(at + 10);
    const packed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const local = buf.readUInt32LE(at + 42);
    if (packed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw tooLarge('e.upload.unpackedTooLarge', limits.maxUnpackedBytes / MB);
    declared += size;
    if (declared > limits.maxUnpackedBytes) throw tooLarge('e.upload.unpackedTooLarge', limits.maxUnpackedBytes / MB);
    parts.push({ name, method, size, packed, local });
    at += 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }

  // ... then the sizes the data really inflates to, never producing more than the limit allows.
  let unpacked = 0;
  let xml = 0;
  for (const p of parts) {
    if (p.local + 30 > buf.length || buf.readUInt32LE(p.local) !== LOCAL) throw broken();
    const start = p.local + 30 + buf.readUInt16LE(p.local + 26) + buf.readUInt16LE(p.local + 28);
    if (start + p.packed > buf.length) throw broken();
    const room = Math.min(limits.maxUnpackedBytes - unpacked, isXml(p.name) ? limits.maxXmlBytes - xml : Infinity);
    let size: number;
    if (p.method === 0) size = p.packed;
    else if (p.method === 8) {
      try {
        size = inflateRawSync(buf.subarray(start, start + p.packed), { maxOutputLength: Math.max(1, room + 1) }).length;
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) size = room + 1;
        else throw broken();
      }
    } else throw broken();
    unpacked += size;
    if (unpacked > limits.maxUnpackedBytes) throw tooLarge('e.upload.unpackedTooLarge', limits.maxUnpackedBytes / MB);
    if (isXml(p.name)) {
      xml += size;
      if (xml > limits.maxXmlBytes) throw tooLarge('e.upload.xmlTooLarge', limits.maxXmlBytes / MB);
    }
  }
  return { entries, unpackedBytes: unpacked, xmlBytes: xml };
}

/** Opens an uploaded or stored Word file for docxtemplater, after `checkZip` with the DOCX limits. */
export function openDocx(file: Buffer, broken: () => AppError = brokenZip): PizZip {
  checkZip(file, DOCX_LIMITS, broken);
  return new PizZip(file);
}
