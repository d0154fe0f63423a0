/**
 * Importing past minutes (issue 13 §4), the reading half: an uploaded file or pasted text → a
 * proposal, with a fresh import key. Nothing is written. This module carries mammoth (through
 * shared/documents), so only the two functions that read a file import it; the confirm is in
 * minutes-import-confirm.ts.
 */
import { ulid } from 'ulid';
import { DOCX_TYPE, MinutesFileRefused, minutesText } from '../documents/minutes-file.js';
import { parseMinutes } from '../domain/minutes-import.js';
import { ValidationError } from '../domain/errors.js';
import type { MinutesProposal } from '../schemas/minutes-import.js';

export interface ProposalWithKey {
  importKey: string;
  proposal: MinutesProposal;
}

/**
 * The most text one import reads: twice the longest seed (the September 2021 minutes with the
 * December papers appended, 159,000 characters), so the proposal page, which shows all of it, stays
 * well under 1 MB.
 */
export const MAX_MINUTES_CHARACTERS = 300_000;

/** Pasted text (or a text file's) → the proposal. */
export function proposeFromText(text: string): ProposalWithKey {
  if (!text.trim()) throw new ValidationError('Paste the text of the minutes, or choose a file', [{ field: 'text', message: 'Paste the text of the minutes, or choose a file' }]);
  if (text.length > MAX_MINUTES_CHARACTERS) {
    throw new MinutesFileRefused(413, `The minutes are ${text.length.toLocaleString('en-GB')} characters long, more than the ${MAX_MINUTES_CHARACTERS.toLocaleString('en-GB')} one import reads. Leave out any papers appended to them and import the minutes alone.`);
  }
  return { importKey: ulid(), proposal: parseMinutes(text).proposal };
}

/** An uploaded file (.docx or text) → the proposal; 413, 415 or 400 for a file it cannot read. */
export async function proposeFromFile(file: Buffer, meta: { filename?: string; contentType?: string }): Promise<ProposalWithKey> {
  return proposeFromText(await minutesText(file, meta));
}

/** The API's body: the file itself, as API Gateway hands it over (base64 when binary). */
export async function proposeFromBody(event: { body?: string; isBase64Encoded?: boolean; headers?: Record<string, string | undefined> }): Promise<ProposalWithKey> {
  const contentType = event.headers?.['content-type'] ?? '';
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type && !type.startsWith('text/') && type !== DOCX_TYPE && type !== 'application/octet-stream') {
    throw new MinutesFileRefused(415, `A body of type ${type} cannot be read as minutes. Send the .docx itself (Content-Type: ${DOCX_TYPE}) or the text (Content-Type: text/plain).`);
  }
  const file = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  return proposeFromFile(file, { contentType });
}
