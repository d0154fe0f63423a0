/**
 * Importing past minutes (issue 13 §4): the proposal the parser makes from a document's text, shown
 * for review (every field editable) and sent back, as edited, to confirm. Nothing is stored until
 * the confirm; the import key makes a second confirm find the meeting the first one wrote.
 */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { isoDate, text } from './common.js';

const clock = (label: string) =>
  z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `Enter ${label} as a 24-hour time, like 14:00` });

export const ImportedAttendee = z.object({
  name: text('a name', 200),
  role: z.string().optional(),
  organisation: z.string().optional(),
});
export type ImportedAttendee = z.infer<typeof ImportedAttendee>;

export const ImportedAction = z.object({
  text: text('the action', 1000),
  owner: z.string().optional().describe('Who is to do it, when the minutes say ("WYP to provide ...")'),
});

export const ImportedItem = z.object({
  title: text('the item title', 300),
  notes: z.string().max(50_000),
  actions: z.array(ImportedAction),
});
export type ImportedItem = z.infer<typeof ImportedItem>;

/** A line of the source the parser could not put in any field, and why. */
export const NotPlaced = z.object({ line: z.number().int(), toLine: z.number().int().optional(), text: z.string(), reason: z.string() });
export type NotPlaced = z.infer<typeof NotPlaced>;

const Issue = z.object({ field: z.string(), message: z.string() });

/** What the parser proposes. `issues`: what it could not find and must be given (the date). */
export const MinutesProposal = z.object({
  title: z.string(),
  date: z.string().optional().describe('London date of the meeting, YYYY-MM-DD'),
  startTime: z.string().optional().describe('HH:mm, London'),
  endTime: z.string().optional(),
  place: z.string().optional(),
  attendance: z.object({ present: z.array(ImportedAttendee), alsoPresent: z.array(ImportedAttendee), apologies: z.array(ImportedAttendee) }),
  items: z.array(ImportedItem),
  futureItems: z.array(z.string()),
  futureItemsNote: z.string().optional(),
  nextMeeting: z.string().optional().describe('The next meeting as the minutes state it'),
  notPlaced: z.array(NotPlaced),
  warnings: z.array(z.string()).describe('What the parser split or placed as best it could: check these'),
  issues: z.array(Issue).describe('What the minutes do not say and the confirm needs'),
});
export type MinutesProposal = z.infer<typeof MinutesProposal>;

export const importStatuses = ['approved', 'published-draft'] as const;

/** The proposal as reviewed: what the confirm writes. */
export const ConfirmImportInput = z.object({
  importKey: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'The import key is missing or not valid: start the import again' }),
  title: text('a title', 200),
  date: isoDate('the date of the meeting'),
  startTime: clock('the start time'),
  endTime: z.union([clock('the end time'), z.literal('')]).optional(),
  place: text('the place', 200),
  status: z.enum(importStatuses, { error: 'Choose whether the minutes are approved or a draft to approve at the next meeting' }),
  attendance: z.object({ present: z.array(ImportedAttendee), alsoPresent: z.array(ImportedAttendee), apologies: z.array(ImportedAttendee) }),
  items: z.array(ImportedItem).min(1, { error: 'Give at least one agenda item' }).max(30, { error: 'An import takes at most 30 agenda items' }),
  futureItems: z.array(text('a future agenda item', 200)).max(20, { error: 'An import takes at most 20 future agenda items' }),
  futureItemsNote: z.string().max(2000).optional(),
});
export type ConfirmImportInput = z.infer<typeof ConfirmImportInput>;
