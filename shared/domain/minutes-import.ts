/**
 * Past minutes as text → a proposed meeting (issue 13 §4). Pure: no I/O, no clock. The text is what
 * a .docx reads as (shared/documents/docx-text.ts: a paragraph a line, "- " list items, headings as
 * lines) or what staff paste. Markdown-ish markup (`## `, `**bold**`, `<u>`, `[here](#)`) is read
 * through, since the seeds carry it.
 *
 * What it recognises, in order: a title and the meeting's date and time at the top; attendance under
 * "Present", "Also present" and "Apologies" headings (one person a line, or several run together on
 * one line as text extraction leaves two columns: split on the "Name – Role" pattern); numbered
 * agenda items ("5. Anti-Social Behaviour", "## 5.", "**4. ...**", even "- 6. ..." inside a list), each
 * taken only if it is the next number, so a numbered list in the notes is not an item; under each item
 * its notes and its actions ("Action – ..." lines, an "ACTIONS:" list, an "ACTION:" paragraph);
 * "Apologies were received from ..." sentences; the future agenda items (a list, or a sentence kept as
 * a note); the next meeting. The minutes end with the next-meeting item's first paragraph: what
 * follows (papers appended to the file) is "not placed", as is anything else it cannot place.
 *
 * Every line of the source ends in a field or in `notPlaced` with a reason: `fates` says which, a
 * line each (the tests hold every seed to it).
 */
import { standingTitles } from './meetings.js';
import type { StandingItem } from '../schemas/entities.js';
import { actionOwner, type ImportedAttendee, type ImportedItem, type MinutesProposal, type NotPlaced } from '../schemas/minutes-import.js';

export type LineFate = 'blank' | 'title' | 'date' | 'heading' | 'attendance' | 'item' | 'notes' | 'action' | 'future-item' | 'future-note' | 'not-placed';

export interface ParsedMinutes {
  proposal: MinutesProposal;
  /** What became of each line of the source (same length as its lines). */
  fates: LineFate[];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DATE = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTHS.join('|')})\\s*,?\\s+(\\d{4})\\b`, 'i');
const DASH = '[–—-]';

/** A line with the markup read through: `## **5. Title**` → `5. Title`; links keep their words. */
export function plain(line: string): string {
  return line
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<\/?u>/gi, '')
    .replace(/\*\*/g, '')
    .replace(/^#{1,6}\s+/, '')
    .replace(/\s+$/, '');
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

function dateOf(line: string): string | undefined {
  const m = DATE.exec(line);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
  const day = Number(m[1]);
  const iso = `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return d.getUTCDate() === day ? iso : undefined;
}

/** "2pm", "3:30pm", "15:00", "1400" → "HH:mm". */
function clockOf(token: string): string | undefined {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(token.trim()) ?? /^(\d{2})(\d{2})$/.exec(token.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  const half = m[3]?.toLowerCase();
  if (!half && m[2] === undefined && !/^\d{4}$/.test(token.trim())) return undefined; // a bare "4" is not a time
  if (half === 'pm' && h < 12) h += 12;
  if (half === 'am' && h === 12) h = 0;
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

const TIME_TOKEN = '\\d{1,2}(?:[:.]\\d{2})?\\s*(?:am|pm)|\\d{1,2}[:.]\\d{2}|\\d{4}';
const TIME_RANGE = new RegExp(`(${TIME_TOKEN})(?:\\s*${DASH}\\s*(${TIME_TOKEN}))?`, 'i');

function timesOf(line: string): { start?: string; end?: string } {
  const rest = line.replace(DATE, ' ');
  const m = TIME_RANGE.exec(rest);
  if (!m) return {};
  const start = clockOf(m[1]!);
  return start ? { start, end: m[2] ? clockOf(m[2]) : undefined } : {};
}

const ATTENDANCE = /^(present|also present|in attendance|apologies)\b\s*:?\s*/i;
type AttendanceList = 'present' | 'alsoPresent' | 'apologies';
const listOf = (heading: string): AttendanceList =>
  /^apologies/i.test(heading) ? 'apologies' : /^(also|in attendance)/i.test(heading) ? 'alsoPresent' : 'present';

/** Words that make a phrase a role, not a person's name. */
const ROLE_WORDS = /\b(mayor|chief|constable|officer|commissioner|deputy|superintendent|inspector|sergeant|manager|head|liaison|director|executive|assistant|wyp|wyca|police|council|the)\b/i;
const NAME = /^[A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+){1,2}$/;
const looksLikeName = (s: string) => NAME.test(s) && !ROLE_WORDS.test(s);

/** "Role, Organisation" or "Role": the organisation is after the last comma. */
function attendee(name: string, roleText?: string): ImportedAttendee {
  const role = roleText ? clean(roleText) : '';
  if (!role) return { name: clean(name) };
  const comma = role.lastIndexOf(',');
  if (comma > 0) return { name: clean(name), role: role.slice(0, comma).trim(), organisation: role.slice(comma + 1).trim() };
  return { name: clean(name), role };
}

/** Two capitalised words and a dash: where each person starts on a run-together attendance line. */
const PERSON_START = new RegExp(`(?:^|\\s)([A-Z][A-Za-z'’.-]+ [A-Z][A-Za-z'’.-]+) ${DASH} `, 'g');
/** A role that stops on a word like "for" was cut by a column that ran into it. */
const CUT_OFF = /\b(for|and|of|the|to|in|on|with)$/i;

function attendeesOf(line: string, warn: (w: string) => void): { people: ImportedAttendee[]; left?: string } {
  const text = clean(line.replace(/^[-•]\s+/, ''));
  if (!text) return { people: [] };
  const starts = [...text.matchAll(PERSON_START)];
  if (starts.length === 0) {
    // "Sharon Waugh, Engagement Manager" or a name alone ("T/CC Dee Collins").
    const comma = text.indexOf(',');
    if (comma < 0 && text.split(' ').length > 4) warn(`"${text}": the name could not be told from the role (no "–" or comma between them): check it`);
    return { people: [comma > 0 ? attendee(text.slice(0, comma), text.slice(comma + 1)) : { name: text }] };
  }
  const people: ImportedAttendee[] = [];
  const first = starts[0]!.index! + (starts[0]![0].startsWith(' ') ? 1 : 0);
  const left = first > 0 ? text.slice(0, first).trim() : undefined;
  starts.forEach((m, i) => {
    const from = m.index! + m[0].length;
    const to = i + 1 < starts.length ? starts[i + 1]!.index! : text.length;
    const person = attendee(m[1]!, text.slice(from, to));
    people.push(person);
    if (CUT_OFF.test(person.role ?? '')) {
      warn(`${person.name}: the role "${person.role}" looks cut off. The attendance was laid out in two columns that ran together; check the roles on this line: "${text}"`);
    }
  });
  if (starts.length > 1 && !people.some((p) => CUT_OFF.test(p.role ?? ''))) {
    warn(`${starts.length} people were read from one line (${people.map((p) => p.name).join(', ')}): check each one's role`);
  }
  return { people, left };
}

/** "Apologies were received from the Mayor for West Yorkshire, Tracy Brabin and Deputy Chief Constable, Russ Foster." */
function apologiesIn(sentence: string): ImportedAttendee[] {
  const m = /apologies (?:were )?(?:received|given|sent) (?:from|by)\s+(.+?)\.?$/i.exec(sentence);
  if (!m) return [];
  const parts = m[1]!.split(/,\s*|\s+and\s+/).map((p) => p.trim()).filter(Boolean);
  const people: ImportedAttendee[] = [];
  let role: string | undefined;
  for (const part of parts) {
    if (looksLikeName(part)) {
      people.push(role ? { name: part, role } : { name: part });
      role = undefined;
    } else {
      role = role ? `${role}, ${part}` : part.replace(/^the\s+/i, '');
      role = role.charAt(0).toUpperCase() + role.slice(1);
    }
  }
  return people;
}

/** "to access the full report, click here." on an item's heading line. */
const REPORT_LINK = new RegExp(`\\s*(?:${DASH}\\s*)?to access the full report,? click here\\.?\\s*$`, 'i');

const STANDING_PATTERNS: [StandingItem, RegExp][] = [
  ['welcome', /welcome|introductions/i],
  ['previous-notes', /(notes|minutes) of the previous|previous meeting/i],
  ['announcements', /announcements/i],
  ['public-questions', /public questions/i],
  ['future-items', /future agenda/i],
  ['any-other-business', /any other business|\bAOB\b/i],
  ['next-meeting', /next meeting/i],
];
export function standingKindOf(title: string): StandingItem | undefined {
  return STANDING_PATTERNS.find(([, re]) => re.test(title))?.[0];
}
export { standingTitles };

/** "- a) Countering Terrorism" → "Countering Terrorism". */
const listText = (line: string) => clean(line.replace(/^[-•]\s+/, '').replace(/^(?:[a-z]|[ivx]+|\d{1,2})[).]\s+/i, ''));
const isListLine = (line: string) => /^[-•]\s+/.test(line) || /^(?:[a-z]|[ivx]+)\)\s+/i.test(line);

interface WorkingItem extends ImportedItem {
  number: number;
  standing?: StandingItem;
  noteLines: string[];
}

export function parseMinutes(source: string): ParsedMinutes {
  const raw = source.replace(/\r\n?/g, '\n').split('\n');
  const lines = raw.map(plain);
  const fates: LineFate[] = lines.map((l) => (l.trim() ? 'not-placed' : 'blank'));
  const notPlaced: NotPlaced[] = [];
  const warnings: string[] = [];
  const unplaced = (i: number, reason: string, text = lines[i]!) => {
    fates[i] = 'not-placed';
    notPlaced.push({ line: i + 1, text: clean(text), reason });
  };

  const itemHeading = (line: string, next: number) => {
    const m = /^(?:[-•]\s+)?(\d{1,2})\.\s+(.+)$/.exec(line.trim());
    return m && Number(m[1]) === next ? m[2] : undefined;
  };

  // ---- the header: title, date, time; then attendance; until item 1 ----
  let title = '';
  let date: string | undefined;
  let times: { start?: string; end?: string } = {};
  const attendance: Record<AttendanceList, ImportedAttendee[]> = { present: [], alsoPresent: [], apologies: [] };
  let list: AttendanceList | undefined;
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    if (itemHeading(line, 1) !== undefined) break;
    // An attendance heading ("ALSO PRESENT", with the people on the same line or after it), or a line under one.
    const heading = ATTENDANCE.exec(line);
    if (heading) list = listOf(heading[1]!);
    const people = heading ? line.slice(heading[0].length) : list ? line : undefined;
    if (list && people !== undefined) {
      fates[i] = 'heading';
      if (people) {
        const { people: found, left } = attendeesOf(people, (w) => warnings.push(w));
        attendance[list].push(...found);
        fates[i] = 'attendance';
        if (left) unplaced(i, `Before the first name on an attendance line: not a "Name – Role"`, left);
      }
      continue;
    }
    const d = dateOf(line.replace(/^date:\s*/i, ''));
    if (d && !date) {
      date = d;
      const t = timesOf(line.replace(/^date:\s*/i, ''));
      if (t.start) times = t;
      fates[i] = 'date';
      continue;
    }
    if (/^time:\s*/i.test(line) && !times.start) {
      times = timesOf(line.replace(/^time:\s*/i, ''));
      fates[i] = times.start ? 'date' : 'not-placed';
      if (!times.start) unplaced(i, 'A time line the parser could not read');
      continue;
    }
    if (!title && !date) {
      title = /[a-z]/.test(line) ? line : line.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
      fates[i] = 'title';
      continue;
    }
    unplaced(i, 'In the heading of the minutes, but not a title, date, time or attendance list');
  }

  // ---- the agenda items ----
  const items: WorkingItem[] = [];
  let current: WorkingItem | undefined;
  let actionsMode: 'list' | 'paragraph' | undefined;
  let endAt: number | undefined;
  let nextMeeting: string | undefined;
  const futureItems: string[] = [];
  const futureNotes: string[] = [];

  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) {
      if (actionsMode === 'paragraph' && current && current.actions.length) actionsMode = undefined;
      // The minutes end with the next-meeting item's first paragraph.
      if (current?.standing === 'next-meeting' && current.noteLines.some((l) => l.trim())) {
        endAt = i;
        break;
      }
      if (current) current.noteLines.push('');
      continue;
    }
    const heading = itemHeading(line, items.length + 1);
    if (heading !== undefined) {
      actionsMode = undefined;
      // "**10. Any Other Business** - There were none.": the title ends where the bold did.
      const bold = new RegExp(`^(?:[-•]\\s+)?\\**\\s*\\d{1,2}\\.\\s*([^*]+?)\\*\\*\\s*${DASH}\\s*(.+)$`).exec(raw[i]!.replace(/^#{1,6}\s+/, '').trim());
      let titleText = bold ? plain(bold[1]!) : heading;
      const inline = bold ? plain(bold[2]!) : undefined;
      const link = REPORT_LINK.exec(titleText);
      if (link) {
        titleText = titleText.slice(0, link.index);
        notPlaced.push({ line: i + 1, text: clean(link[0].replace(new RegExp(`^\\s*${DASH}?\\s*`), '')), reason: 'A link to the full report in the original: the link itself is not in the text. Add the paper to the item after the import' });
      }
      titleText = clean(titleText).replace(/[.:]$/, '');
      const standing = standingKindOf(titleText);
      current = {
        number: items.length + 1,
        title: titleText,
        notes: '',
        actions: [],
        noteLines: [],
        ...(standing && !items.some((it) => it.standing === standing) ? { standing } : {}),
      };
      items.push(current);
      fates[i] = 'item';
      if (inline) {
        current.noteLines.push(inline);
        if (current.standing === 'next-meeting') nextMeeting = inline;
      }
      continue;
    }
    if (!current) continue;
    // Actions: "Action – ...", "ACTIONS:" then a list, "ACTION:" then a paragraph.
    const actionLine = new RegExp(`^actions?\\s*${DASH}\\s*(.+)$`, 'i').exec(line);
    if (actionLine) {
      const text = clean(actionLine[1]!);
      current.actions.push({ text, ...(actionOwner(text) ? { owner: actionOwner(text) } : {}) });
      fates[i] = 'action';
      continue;
    }
    if (/^actions?\s*:$/i.test(line)) {
      actionsMode = /^actions/i.test(line) ? 'list' : 'paragraph';
      fates[i] = 'heading';
      continue;
    }
    if (actionsMode === 'list') {
      if (isListLine(line)) {
        const text = listText(line);
        current.actions.push({ text, ...(actionOwner(text) ? { owner: actionOwner(text) } : {}) });
        fates[i] = 'action';
        continue;
      }
      actionsMode = undefined;
    }
    if (actionsMode === 'paragraph') {
      const text = clean(line);
      const last = current.actions.at(-1);
      if (last && fates[i - 1] === 'action') last.text = `${last.text} ${text}`;
      else current.actions.push({ text, ...(actionOwner(text) ? { owner: actionOwner(text) } : {}) });
      fates[i] = 'action';
      continue;
    }
    if (current.standing === 'future-items') {
      if (isListLine(line)) {
        futureItems.push(listText(line));
        fates[i] = 'future-item';
      } else {
        futureNotes.push(clean(line));
        fates[i] = 'future-note';
      }
      continue;
    }
    const apologies = apologiesIn(line);
    if (apologies.length) attendance.apologies.push(...apologies);
    if (current.standing === 'next-meeting' && !nextMeeting) nextMeeting = clean(line);
    const stated = /next meeting will be (?:held )?on (.+?)\.?$/i.exec(line);
    if (stated && !nextMeeting) nextMeeting = clean(stated[1]!);
    current.noteLines.push(line.replace(/\s+$/, ''));
    fates[i] = 'notes';
  }
  if (endAt !== undefined) {
    // One entry for the whole tail (papers appended to the file run to hundreds of lines).
    const tail = lines.slice(endAt).map((l, k) => ({ l, k: endAt! + k })).filter(({ l }) => l.trim());
    for (const { k } of tail) fates[k] = 'not-placed';
    if (tail.length) {
      notPlaced.push({
        line: tail[0]!.k + 1,
        toLine: tail.at(-1)!.k + 1,
        text: tail.map(({ l }) => l.trim()).join('\n'),
        reason: `After the end of the minutes (the next-meeting item): ${tail.length} more lines, papers or other text appended to the file`,
      });
    }
  }

  const proposalItems: ImportedItem[] = items.map((it) => ({
    title: it.title,
    notes: it.noteLines.join('\n').replace(/\n{3,}/g, '\n\n').trim(),
    actions: it.actions,
  }));
  const issues: MinutesProposal['issues'] = [];
  if (!date) issues.push({ field: 'date', message: 'The minutes do not give a date the parser could read: enter the date of the meeting' });
  if (!times.start) issues.push({ field: 'startTime', message: 'The minutes do not give a start time: enter the time the meeting started' });
  if (!items.length) issues.push({ field: 'items', message: 'No numbered agenda items were found ("1. Welcome"): add them, or check the text' });
  if (!title) title = 'Community Outcomes Meeting';
  notPlaced.sort((a, b) => a.line - b.line);

  return {
    proposal: {
      title,
      ...(date ? { date } : {}),
      ...(times.start ? { startTime: times.start } : {}),
      ...(times.end ? { endTime: times.end } : {}),
      attendance,
      items: proposalItems,
      futureItems,
      ...(futureNotes.length ? { futureItemsNote: futureNotes.join('\n') } : {}),
      ...(nextMeeting ? { nextMeeting } : {}),
      notPlaced,
      warnings,
      issues,
    },
    fates,
  };
}

/** Each agenda item's standing kind (the first item of each kind), or none: a verbal item, no paper expected. */
export function standingKinds(titles: string[]): (StandingItem | undefined)[] {
  const seen = new Set<StandingItem>();
  return titles.map((t) => {
    const kind = standingKindOf(t);
    if (!kind || seen.has(kind)) return undefined;
    seen.add(kind);
    return kind;
  });
}
