/**
 * The minutes' page forms (issue 13 §1, §2): each reads the url-encoded fields into the API input it
 * stands for. Named by the minutes' routes in the route table; each function carries its own route's
 * schemas only (infra/constructs/route-table.ts).
 */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';
import { field, formOf, formVersion, lines, optional, type FormFields } from './forms.js';
import { id, text } from './common.js';
import { PublishMinutesInput, SaveMinutesInput, SectionInput } from './minutes.js';


/** The notes and recording time of each agenda item: fields `notes-<itemId>` and `recordingAt-<itemId>`; none posted: undefined. */
function sectionsOf(f: FormFields) {
  const ids = Object.keys(f).filter((k) => k.startsWith('notes-')).map((k) => k.slice('notes-'.length));
  return ids.length ? ids.map((id) => ({ agendaItemId: id, notes: field(f, `notes-${id}`), recordingAt: field(f, `recordingAt-${id}`) })) : undefined;
}
const posted = (f: FormFields, name: string) => f[name] !== undefined;

/** The minutes page: each item's notes and recording time, the future items (one a line), the recording link. */
export const MinutesForm = formOf(
  (f) => ({
    version: Number(field(f, 'version')) || undefined,
    sections: sectionsOf(f),
    ...(posted(f, 'futureItems') ? { futureItems: lines(field(f, 'futureItems')) } : {}),
    ...(posted(f, 'futureItemsNote') ? { futureItemsNote: field(f, 'futureItemsNote').trim() || null } : {}),
    ...(posted(f, 'recordingUrl') ? { recordingUrl: optional(field(f, 'recordingUrl')) ?? null } : {}),
  }),
  SaveMinutesInput,
);

const attendanceWhere = z.enum(['present', 'alsoPresent', 'apologies']);
/** The attendance page: `person-<id>` (present, alsoPresent, apologies or none), `organisation-<id>`, and the lines typed under each heading. */
export const AttendanceForm = formOf(
  (f) => ({
    version: Number(field(f, 'version')) || undefined,
    picks: Object.fromEntries(
      Object.keys(f)
        .filter((k) => k.startsWith('person-'))
        .map((k) => {
          const personId = k.slice('person-'.length);
          const where = field(f, k);
          return [personId, { ...(where && where !== 'none' ? { where } : {}), ...(optional(field(f, `organisation-${personId}`)) ? { organisation: optional(field(f, `organisation-${personId}`)) } : {}) }];
        }),
    ),
    // The page always posts the three boxes (blank or not): a post without them is not our form.
    others: posted(f, 'others-present') ? { present: lines(field(f, 'others-present')), alsoPresent: lines(field(f, 'others-alsoPresent')), apologies: lines(field(f, 'others-apologies')) } : undefined,
  }),
  z.object({
    version: SaveMinutesInput.shape.version,
    picks: z.record(id('the person id'), z.object({ where: attendanceWhere.optional(), organisation: text('the organisation', 200).optional() })),
    others: z.object({
      present: z.array(text('each name', 300)).max(100),
      alsoPresent: z.array(text('each name', 300)).max(100),
      apologies: z.array(text('each name', 300)).max(100),
    }, { error: 'The form is out of date. Reload the page and try again.' }),
  }),
);

export const MinutesPublishForm = formOf((f) => ({ version: Number(field(f, 'version')) || undefined }), z.object({ version: formVersion }).pipe(PublishMinutesInput));

/** Approval at the next meeting: the notes as corrected (if they were) and what was corrected. */
export const MinutesApprovalForm = formOf(
  (f) => ({ version: Number(field(f, 'version')) || undefined, sections: sectionsOf(f), note: field(f, 'note').trim() }),
  z.object({ version: formVersion, sections: z.array(SectionInput).max(60).optional(), note: z.string().max(1000, { error: 'What was corrected must be 1000 characters or fewer' }) }),
);
