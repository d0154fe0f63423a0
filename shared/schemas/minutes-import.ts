/**
 * Importing past minutes (issue 13 §4): the proposal the parser makes from a document's text, shown
 * for review (every field editable) and sent back, as edited, to confirm. Nothing is stored until
 * the confirm; the import key makes a second confirm find the meeting the first one wrote.
 */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { id, isoDate, text } from './common.js';

/**
 * The largest minutes file taken: an HTTP API takes 10 MB of request but Lambda only 6 MB, and a
 * binary body reaches the function base64-encoded (4/3 larger), so 4 MB is what fits in AWS.
 */
export const MAX_MINUTES_BYTES = 4 * 1024 * 1024;

const str = z.string();
const opt = str.optional();

export const ImportedAttendee = z.object({ name: text('a name'), role: opt, organisation: opt });
export type ImportedAttendee = z.infer<typeof ImportedAttendee>;
const people = z.array(ImportedAttendee);
const ImportedAttendance = z.object({ present: people, alsoPresent: people, apologies: people });

/** An action: its owner when the minutes say ("WYP to provide ..."). */
const ImportedAction = z.object({ text: text('the action', 1000), owner: opt });

export const ImportedItem = z.object({ title: text('the item title', 300), notes: str.max(10_000, { error: 'Notes: 10000 characters at most' }), actions: z.array(ImportedAction) });
export type ImportedItem = z.infer<typeof ImportedItem>;

/** A line (or, with toLine, lines) of the source the parser could not put in any field, and why. */
export const NotPlaced = z.object({ line: z.number().int(), toLine: z.number().int().optional(), text: str, reason: str });
export type NotPlaced = z.infer<typeof NotPlaced>;

/**
 * What the parser proposes: the date (YYYY-MM-DD) and times (HH:mm, London) when it finds them;
 * `warnings`, what it split as best it could; `issues`, what the minutes do not say and the confirm
 * needs (the date, the start time).
 */
// Plain strings, not the confirm's limits: the parser's output is shown as it is, then checked at the confirm.
const proposedPeople = z.array(z.object({ name: str, role: opt, organisation: opt }));
export const MinutesProposal = z.object({
  title: str,
  date: opt,
  startTime: opt,
  endTime: opt,
  place: opt,
  attendance: z.object({ present: proposedPeople, alsoPresent: proposedPeople, apologies: proposedPeople }),
  items: z.array(z.object({ title: str, notes: str, actions: z.array(z.object({ text: str, owner: opt })) })),
  futureItems: z.array(str),
  futureItemsNote: opt,
  nextMeeting: opt,
  notPlaced: z.array(NotPlaced),
  warnings: z.array(str),
  issues: z.array(z.object({ field: str, message: str })),
});
export type MinutesProposal = z.infer<typeof MinutesProposal>;

/** The answer to an upload: the proposal and the key its confirm carries. */
export const ImportProposalResponse = z.object({ importKey: str, proposal: MinutesProposal });
const clock = (label: string) => str.trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `Enter ${label} like 14:00` });

/** The proposal as reviewed: what the confirm writes (at most 30 items and 20 future items). */
export const ConfirmImportInput = z.object({
  importKey: id('the import key'),
  title: text('a title'),
  date: isoDate('the date of the meeting'),
  startTime: clock('the start time'),
  place: text('the place'),
  status: z.enum(['approved', 'published-draft'], { error: 'Choose approved or draft' }),
  attendance: ImportedAttendance,
  items: z.array(ImportedItem).min(1).max(30),
  futureItems: z.array(text('a future item')).max(20),
  futureItemsNote: str.max(2000).optional(),
});
export type ConfirmImportInput = z.infer<typeof ConfirmImportInput>;

/** Whose action it is, when it starts "WYP to ..." or "The PCC to ..." (the parser and the review form read it alike). */
export function actionOwner(action: string): string | undefined {
  const m = /^(?:[Tt]he\s+)?([A-Z][A-Za-z/&]*(?:\s+[A-Z][A-Za-z/&]*){0,2})\s+to\s+/.exec(action);
  return m && !/^(A|An|For|Results|Concerns|Hate|To)$/.test(m[1]!) ? m[1] : undefined;
}
