/**
 * After the meeting (issue 13): attendance, minutes, and their published revisions. Written once
 * in zod: the stored shapes here; the API inputs beside them.
 *
 * Minutes live in the meeting's partition (`MINUTES`, so the meeting's own Query reads them with
 * the agenda); every published revision is kept, whole, in the minutes' own partition
 * (`MINUTES#<meetingId>`, `REVISION#0001`...), so a correction never loses what was published.
 */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { id, text, typeable, untypeableMessage, url, version } from './common.js';

/**
 * draft: staff are writing them (not public). published-draft: public, marked "Draft minutes, to be
 * approved at the next meeting". approved: agreed as a correct record at a later meeting (its item
 * 2), and public as approved from that moment.
 */
export const minutesStatuses = ['draft', 'published-draft', 'approved'] as const;
export type MinutesStatus = (typeof minutesStatuses)[number];

/** Someone at the meeting (or who sent apologies): from the people list, or typed in. */
export const Attendee = z.object({
  name: z.string(),
  role: z.string().optional().describe('For example "Chief Constable (CC)" or "Engagement Manager"'),
  organisation: z.string().optional().describe('For example "West Yorkshire Police (WYP)"'),
  personId: z.string().optional().describe('The person on the people list, when picked from it'),
});
export type Attendee = z.infer<typeof Attendee>;

export const Attendance = z.object({
  present: z.array(Attendee),
  alsoPresent: z.array(Attendee),
  apologies: z.array(Attendee),
});
export type Attendance = z.infer<typeof Attendance>;

/** The minutes of one agenda item: plain text notes (paragraphs split by a blank line; "- " lines are a list). */
export const MinutesSection = z.object({
  agendaItemId: z.string(),
  notes: z.string(),
  recordingAt: z.string().optional().describe('Where the item starts in the recording, like 1:02:30'),
});
export type MinutesSection = z.infer<typeof MinutesSection>;

/** A topic agreed under "Future agenda items": it became a topic of the forward plan (source: these minutes). */
export const FutureItem = z.object({ title: z.string(), topicId: z.string() });

export const Minutes = z.object({
  meetingId: z.string(),
  status: z.enum(minutesStatuses),
  attendance: Attendance,
  sections: z.array(MinutesSection).describe('In agenda order; an item with no notes yet has none'),
  futureItems: z.array(FutureItem),
  /** Future agenda items as a sentence when no list was agreed ("To be agreed in line with the new Police and Crime plan"). */
  futureItemsNote: z.string().optional(),
  /** The last published revision (1 at first publication; each correction adds one). 0 before publication. */
  revision: z.number().int(),
  publishedAt: z.string().optional().describe('When the current revision was published'),
  approvedOn: z.string().optional().describe('London date of the meeting that approved them (YYYY-MM-DD)'),
  approvedAtMeetingId: z.string().optional().describe('The meeting that approved them (its item 2)'),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type Minutes = z.infer<typeof Minutes>;

/** A published revision, kept whole: what the public saw from `publishedAt`. */
export const MinutesRevision = Minutes.omit({ version: true }).extend({
  revision: z.number().int(),
  reason: z.string().describe('Why this revision: "Published as a draft", "Approved at the meeting of 7 December 2021", "Corrected at approval: ..."'),
});
export type MinutesRevision = z.infer<typeof MinutesRevision>;

// ---- API inputs (issue 13 §1, §2); lean: every bundle carries the route table's schemas ----

/** Someone typed into the attendance, or picked from the people list (then `personId`). */
const AttendeeInput = z.object({ name: text('each name', 120), role: text('the role').optional(), organisation: text('the organisation').optional(), personId: id('the person id').optional() });
const attendees = z.array(AttendeeInput).max(100);
export const AttendanceInput = z.object({ present: attendees, alsoPresent: attendees, apologies: attendees });

export const SectionInput = z.object({
  agendaItemId: id('the agenda item id'),
  notes: z.string().max(10_000, { error: 'Keep the notes of an item to 10,000 characters' }).refine(typeable, { error: untypeableMessage('the notes') }),
  /** Where the item starts in the recording: h:mm:ss or m:ss ('' for none). */
  recordingAt: z.string().trim().regex(/^$|^(\d{1,2}:[0-5]\d:[0-5]\d|\d{1,3}:[0-5]\d)$/, { error: 'Enter the time in the recording like 1:02:30 or 4:05' }).optional(),
});
const sections = z.array(SectionInput).max(60);

/** Save the minutes (a draft): what is given replaces what is stored; `version` is the one read (none: the first save). recordingUrl null removes it. */
export const SaveMinutesInput = z.object({
  version: version.optional(),
  attendance: AttendanceInput.optional(),
  sections: sections.optional(),
  futureItems: z.array(text('each future agenda item')).max(30).optional(),
  futureItemsNote: z.string().trim().max(1000).nullable().optional(),
  recordingUrl: url('the recording link').nullable().optional(),
}).refine((v) => Object.entries(v).some(([k, x]) => k !== 'version' && x !== undefined), { error: 'Give something to save' });
export type SaveMinutesInput = z.infer<typeof SaveMinutesInput>;

export const PublishMinutesInput = z.object({ version });
/** Corrections agreed at the approving meeting: a new revision, the earlier one kept. */
export const ApproveMinutesInput = z.object({
  version,
  corrections: z.object({ note: text('what was corrected', 1000), attendance: AttendanceInput.optional(), sections: sections.optional() }).optional(),
});

/** approvingMeetingId: the next meeting not cancelled, once there is one. */
export const MinutesResponse = z.object({ minutes: Minutes, revisions: z.array(MinutesRevision), recordingUrl: z.string().optional(), approvingMeetingId: z.string().optional() });
