/**
 * An uploaded minutes file → the line text the minutes parser reads (shared/domain/minutes-import.ts).
 * A "document function" module: it carries `mammoth` (~0.5 MB), so only the import functions may
 * reach it (test/unit/infra/bundles.test.ts holds them to their own budget and every other function
 * to none of it).
 *
 * Accepted: a Word document (.docx, a ZIP with `word/document.xml`) or UTF-8 text; anything else is
 * a 415. At most 4 MB: an HTTP API takes 10 MB of request but Lambda only 6 MB, and a binary body
 * reaches the function base64-encoded (4/3 larger), so 4 MB is what fits in AWS.
 *
 * A .docx is a ZIP: before anything inflates it, its central directory's declared sizes are checked
 * (each part, the total at most 50 MB, and the ratio to the compressed size), then each part is
 * inflated here with its declared size as a hard ceiling, so a part that lies about its size stops
 * at the ceiling instead of filling the memory. Only then does mammoth read it.
 */
import { inflateRawSync } from 'node:zlib';
import { DomainError, ValidationError } from '../domain/errors.js';
import { MAX_MINUTES_BYTES } from '../schemas/minutes-import.js';

export { MAX_MINUTES_BYTES };

export const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024;
/** Word's XML compresses about 10:1; a ratio past 200:1 on a part bigger than 1 MB is a bomb, not minutes. */
const MAX_RATIO = 200;
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export class MinutesFileRefused extends DomainError {}

export const tooLarge = () =>
  new MinutesFileRefused(413, `The file is larger than ${MAX_MINUTES_BYTES / 1024 / 1024} MB (the most a request can carry to the service in AWS). Remove the images or the papers appended to the minutes, or paste the text of the minutes instead.`);
const wrongType = (what: string) =>
  new MinutesFileRefused(415, `${what} Upload the minutes as a Word document (.docx) or a text file (.txt), or paste their text.`);

interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  localOffset: number;
}

/** The central directory of a ZIP, by its declared sizes. Throws a 400 for a ZIP that is not sound. */
export function zipEntries(zip: Buffer): ZipEntry[] {
  const bad = (why: string) => new ValidationError(`The .docx file is damaged or not a Word document (${why}). Open it in Word, save it again as .docx and upload that.`);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no ZIP directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw bad('a ZIP64 archive, far larger than minutes');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw bad('a broken ZIP directory');
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      localOffset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * Refuses a ZIP bomb and a ZIP without a Word document part, with a 400 that says which, before
 * mammoth inflates anything.
 */
export function checkDocx(zip: Buffer): void {
  const entries = zipEntries(zip);
  const bomb = (why: string) =>
    new ValidationError(`The .docx file was refused: ${why}. A Word document of minutes is far smaller; this looks like a ZIP bomb, not minutes.`);
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (total > MAX_UNZIPPED_BYTES) throw bomb(`it would unpack to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`);
    if (e.size > 1024 * 1024 && e.size > e.compressed * MAX_RATIO) throw bomb(`its part ${e.name} is compressed more than ${MAX_RATIO} to 1`);
  }
  if (!entries.some((e) => e.name === 'word/document.xml')) {
    throw new ValidationError('The file is a ZIP but has no Word document part (word/document.xml), so it is not a .docx. Open it in Word, save it as .docx and upload that, or paste the text.');
  }
  for (const e of entries) {
    if (zip.readUInt32LE(e.localOffset) !== 0x04034b50) throw bomb(`its part ${e.name} is not where the directory says`);
    const start = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
    const data = zip.subarray(start, start + e.compressed);
    if (e.method === 0) {
      if (e.size !== e.compressed) throw bomb(`its part ${e.name} is not the size it declares`);
    } else if (e.method === 8) {
      try {
        const out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
        if (out.length !== e.size) throw new Error('size');
      } catch {
        throw bomb(`its part ${e.name} unpacks to more than the size it declares, or is damaged`);
      }
    } else {
      throw bomb(`its part ${e.name} uses a compression Word does not use`);
    }
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e.toLowerCase()] ?? m),
  );

/**
 * Mammoth's HTML → the parser's lines: a paragraph a line (a blank line between), a heading as
 * "## " and its text, bold as **bold**, a list item as "- " (a numbered list's item as "- 3. "), a
 * table row as its cells split by tabs. Links keep their words; images and everything else go.
 */
export function htmlToLines(html: string): string {
  const out = html
    .replace(/<\/?(ol|ul)[^>]*>/g, '\n')
    // After the lists' own tags are read (so their counters are right): each item in document order.
    .replace(/<li[^>]*>|<\/li>/g, (tag) => (tag.startsWith('</') ? '\n' : '\u0001'))
    .replace(/<h([1-6])[^>]*>/g, (_, n: string) => `\n${'#'.repeat(Math.min(Number(n) + 1, 6))} `)
    .replace(/<\/h[1-6]>|<\/p>/g, '\n\n')
    .replace(/<p[^>]*>/g, '')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<\/?strong>/g, '**')
    .replace(/<\/td>|<\/th>/g, '\t')
    .replace(/<\/tr>/g, '\n')
    .replace(/<[^>]+>/g, '');
  return numberListItems(html, decode(out))
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Each list item marker (\u0001) becomes "- ", or "- N. " in a numbered list, in document order. */
function numberListItems(html: string, text: string): string {
  const markers: string[] = [];
  const stack: { ordered: boolean; n: number }[] = [];
  for (const m of html.matchAll(/<(\/?)(ol|ul|li)\b[^>]*>/g)) {
    if (m[2] === 'li') {
      if (m[1]) continue;
      const list = stack.at(-1);
      markers.push(list?.ordered ? `- ${list.n++}. ` : '- ');
    } else if (m[1]) stack.pop();
    else stack.push({ ordered: m[2] === 'ol', n: 1 });
  }
  let k = 0;
  return text.replace(/\u0001\s*/g, () => markers[k++] ?? '- ');
}

async function docxText(file: Buffer): Promise<string> {
  checkDocx(file);
  const mammoth = (await import('mammoth')).default;
  try {
    const { value } = await mammoth.convertToHtml({ buffer: file });
    return htmlToLines(value);
  } catch {
    throw new ValidationError('The Word document could not be read (its document part is damaged). Open it in Word, save it again as .docx and upload that, or paste the text.');
  }
}

const isZip = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === 0x04034b50;
const isOldWord = (b: Buffer) => b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));

/** The text of an uploaded file, as the parser reads it: a .docx converted, a text file as it is. */
export async function minutesText(file: Buffer, meta: { filename?: string; contentType?: string }): Promise<string> {
  if (file.length > MAX_MINUTES_BYTES) throw tooLarge();
  if (file.length === 0) throw new ValidationError('The file is empty. Choose the minutes file again, or paste their text.');
  const name = meta.filename?.toLowerCase() ?? '';
  const type = meta.contentType?.split(';')[0]!.trim().toLowerCase() ?? '';
  if (isZip(file)) {
    if (name && !name.endsWith('.docx') && type !== DOCX_TYPE && !name.endsWith('.zip')) throw wrongType('The file is a ZIP archive but not a Word document.');
    return docxText(file);
  }
  if (isOldWord(file)) throw wrongType('The file is an old-style Word document (.doc). Open it in Word and save it as .docx.');
  if (file.subarray(0, 5).toString('latin1') === '%PDF-') throw wrongType('The file is a PDF, whose text cannot be read reliably into minutes.');
  const text = file.toString('utf8');
  // Text: valid UTF-8 (no replacement characters that were not in it) and no NUL bytes.
  if (file.includes(0) || (text.includes('\ufffd') && !file.includes(Buffer.from('\ufffd')))) {
    throw wrongType(`The file${name ? ` ${meta.filename}` : ''} is neither a Word document nor text.`);
  }
  return text.replace(/^\ufeff/, '');
}

export { DOCX_TYPE };
