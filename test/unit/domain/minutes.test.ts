import { describe, expect, it } from 'vitest';
import {
  approveMinutes,
  approvingMeeting,
  attendanceFrom,
  attendeeLine,
  editMinutes,
  futureItemsDiff,
  futureTopicId,
  meetingWithMinutes,
  newMinutes,
  notesBlocks,
  parseAttendee,
  publishMinutes,
  recordingLink,
  recordingSeconds,
} from '../../../shared/domain/minutes';
import type { AgendaItem, Meeting } from '../../../shared/schemas/entities';
import { ConflictError, ValidationError } from '../../../shared/domain/errors';

const SEPT = '01FC31ETHRZT6RFQAT6Z2M4JM0';
const september = { id: SEPT, start: '2021-09-14T13:00:00.000Z', status: 'held', version: 3 } as Meeting;
const december = { id: '01FFMAVYF86K6BJEA87EHS4HE7', start: '2021-12-07T14:00:00.000Z', status: 'planned' } as Meeting;
const agenda = ['welcome', 'previous-notes', 'road-safety', 'future-items'].map((id, i) => ({ id: `ITEM${i}`, meetingId: SEPT, kind: 'standing', title: id, ...(id === 'future-items' ? { standing: 'future-items' } : {}) }) as AgendaItem);
const at = new Date('2021-09-15T10:00:00Z');
const by = 'em@example.org';

const draft = () => editMinutes(newMinutes(september, agenda, by, at), { sections: [{ agendaItemId: 'ITEM2', notes: 'Members noted the report.\n\n- Op Snap\n- Vision Zero', recordingAt: '1:02:30' }] }, agenda, by, at);

describe('new minutes and a draft', () => {
  it('makes a section per agenda item in agenda order, version 0 until saved', () => {
    const m = newMinutes(september, agenda, by, at);
    expect(m.sections.map((s) => s.agendaItemId)).toEqual(['ITEM0', 'ITEM1', 'ITEM2', 'ITEM3']);
    expect(m).toMatchObject({ status: 'draft', revision: 0, version: 0, futureItems: [] });
  });

  it('edits a section, keeping agenda order and the others', () => {
    const m = draft();
    expect(m.version).toBe(1);
    expect(m.sections.map((s) => s.agendaItemId)).toEqual(['ITEM0', 'ITEM1', 'ITEM2', 'ITEM3']);
    expect(m.sections[2]).toEqual({ agendaItemId: 'ITEM2', notes: 'Members noted the report.\n\n- Op Snap\n- Vision Zero', recordingAt: '1:02:30' });
  });

  it('refuses an unknown agenda item and a bad recording time, naming the field', () => {
    const m = newMinutes(september, agenda, by, at);
    expect(() => editMinutes(m, { sections: [{ agendaItemId: 'NOPE', notes: '' }] }, agenda, by, at)).toThrow(ValidationError);
    try {
      editMinutes(m, { sections: [{ agendaItemId: 'ITEM1', notes: '', recordingAt: '1:2:3' }] }, agenda, by, at);
      expect.fail('accepted a bad time');
    } catch (e) {
      expect((e as ValidationError).issues).toEqual([{ field: 'sections.0.recordingAt', message: expect.stringContaining('1:02:30') }]);
    }
  });

  it('refuses to edit published minutes (corrections come at approval)', () => {
    const { minutes } = publishMinutes(draft(), september, by, at);
    expect(() => editMinutes(minutes, { sections: [] }, agenda, by, at)).toThrow(ConflictError);
    // The recording link alone may still change: nothing in the minutes is touched.
    expect(editMinutes(minutes, {}, agenda, by, at).version).toBe(minutes.version + 1);
  });
});

describe('recording times', () => {
  it.each([
    ['1:02:30', 3750],
    ['0:00:05', 5],
    ['4:05', 245],
    ['62:30', 3750],
  ])('%s is %i seconds', (t, s) => expect(recordingSeconds(t)).toBe(s));
  it.each(['1:2:3', '1:60', 'abc', '', '1:02:30:00'])('%s is not a time', (t) => expect(recordingSeconds(t)).toBeUndefined());
  it('links into the recording: YouTube ?t=, others #t=', () => {
    expect(recordingLink('https://www.youtube.com/watch?v=abc', '1:02:30')).toBe('https://www.youtube.com/watch?v=abc&t=3750s');
    expect(recordingLink('https://media.example.org/meeting.mp4', '4:05')).toBe('https://media.example.org/meeting.mp4#t=245');
  });
});

describe('plain-text notes', () => {
  it('splits paragraphs on blank lines and makes "- " lines a list, keeping markup as text', () => {
    expect(notesBlocks('First line\nsame paragraph.\n\n- one\n- two\nAfter <b>list</b>')).toEqual([
      { kind: 'paragraph', text: 'First line same paragraph.' },
      { kind: 'list', items: ['one', 'two'] },
      { kind: 'paragraph', text: 'After <b>list</b>' },
    ]);
    expect(notesBlocks('')).toEqual([]);
  });
});

describe('attendance', () => {
  it('reads "Name – Role, Organisation" and writes it back', () => {
    const a = parseAttendee('John Robins – Chief Constable (CC), West Yorkshire Police (WYP)');
    expect(a).toEqual({ name: 'John Robins', role: 'Chief Constable (CC)', organisation: 'West Yorkshire Police (WYP)' });
    expect(attendeeLine(a)).toBe('John Robins – Chief Constable (CC), West Yorkshire Police (WYP)');
    expect(parseAttendee('Jane Smith')).toEqual({ name: 'Jane Smith' });
    expect(parseAttendee('Jane Smith - Engagement Manager')).toEqual({ name: 'Jane Smith', role: 'Engagement Manager' });
  });
  it('takes people from the list by their pick, then the typed lines', () => {
    const people = [{ id: 'P1', name: 'Alison Lowe', role: 'Deputy Mayor' }, { id: 'P2', name: 'Tony Dodd' }, { id: 'P3', name: 'Nobody' }];
    const att = attendanceFrom(people, { P1: { where: 'present', organisation: 'WYCA' }, P2: { where: 'apologies' }, P3: {} }, { alsoPresent: ['Sam Lee – Analyst, OPCC'] });
    expect(att.present).toEqual([{ name: 'Alison Lowe', role: 'Deputy Mayor', organisation: 'WYCA', personId: 'P1' }]);
    expect(att.apologies).toEqual([{ name: 'Tony Dodd', personId: 'P2' }]);
    expect(att.alsoPresent).toEqual([{ name: 'Sam Lee', role: 'Analyst', organisation: 'OPCC' }]);
  });
});

describe('future items', () => {
  it('makes a topic per new title (source: these minutes), with an id a retry gives again', () => {
    const m = draft();
    const { futureItems, newTopics } = futureItemsDiff(m, ['Road Safety', 'Hate crime', 'road  safety'], at);
    expect(newTopics.map((t) => t.title)).toEqual(['Road Safety', 'Hate crime']);
    expect(newTopics[0]!.source).toEqual({ kind: 'future-items', meetingId: SEPT });
    expect(newTopics[0]!.id).toBe(futureTopicId(SEPT, 'road safety'));
    expect(newTopics[0]!.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(futureItems).toHaveLength(2);
    // Saved, then saved again with one more: only the new one is a new topic.
    const again = futureItemsDiff({ ...m, futureItems }, ['Road Safety', 'Hate crime', 'Drugs'], at);
    expect(again.newTopics.map((t) => t.title)).toEqual(['Drugs']);
    expect(again.futureItems.slice(0, 2)).toEqual(futureItems);
  });
});

describe('publish and approve', () => {
  it('publishes a draft as revision 1 with a kept snapshot, once the meeting is held', () => {
    const { minutes, revision } = publishMinutes(draft(), september, by, at);
    expect(minutes).toMatchObject({ status: 'published-draft', revision: 1, publishedAt: at.toISOString(), version: 2 });
    expect(revision).toMatchObject({ revision: 1, status: 'published-draft', reason: expect.stringContaining('draft') });
    expect(revision).not.toHaveProperty('version');
    expect(() => publishMinutes(draft(), { ...september, status: 'planned' }, by, at)).toThrow(ConflictError);
    expect(() => publishMinutes(minutes, september, by, at)).toThrow(ConflictError);
  });

  it('is approved by the next meeting that is not cancelled', () => {
    const cancelled = { id: 'C', start: '2021-10-12T13:00:00.000Z', status: 'cancelled' } as Meeting;
    expect(approvingMeeting(september, [december, cancelled, september])?.id).toBe(december.id);
    expect(approvingMeeting(december, [september, cancelled])).toBeUndefined();
  });

  it('approves on the next meeting’s day with its London date; corrections make a revision that says so', () => {
    const published = publishMinutes(draft(), september, by, at).minutes;
    const onTheDay = new Date('2021-12-07T15:00:00Z');
    expect(() => approveMinutes(published, december, agenda, undefined, by, new Date('2021-12-06T10:00:00Z'))).toThrow(ConflictError);
    const plain = approveMinutes(published, december, agenda, undefined, by, onTheDay);
    expect(plain.minutes).toMatchObject({ status: 'approved', approvedOn: '2021-12-07', approvedAtMeetingId: december.id, revision: 2 });
    expect(plain.revision.reason).toBe('Approved as a correct record at the meeting of Tuesday 7 December 2021');

    const corrected = approveMinutes(published, december, agenda, { note: 'Item 3: Op Snap, not Op Snapshot', sections: [{ agendaItemId: 'ITEM2', notes: 'Corrected.' }] }, by, onTheDay);
    expect(corrected.minutes.sections[2]!.notes).toBe('Corrected.');
    expect(corrected.revision.reason).toMatch(/^Corrected and approved at the meeting of Tuesday 7 December 2021: Item 3/);
    expect(() => approveMinutes(published, december, agenda, { note: '', sections: [{ agendaItemId: 'ITEM2', notes: 'Changed' }] }, by, onTheDay)).toThrow(ValidationError);
    expect(() => approveMinutes(draft(), december, agenda, undefined, by, onTheDay)).toThrow(ConflictError);
    expect(() => approveMinutes(plain.minutes, december, agenda, undefined, by, onTheDay)).toThrow(ConflictError);
  });

  it('copies the minutes’ state onto the meeting item, bumping its version', () => {
    const { minutes } = publishMinutes(draft(), september, by, at);
    const m = meetingWithMinutes(september, minutes, { recordingUrl: 'https://example.org/r' }, at);
    expect(m).toMatchObject({ minutesStatus: 'published-draft', minutesPublishedAt: at.toISOString(), recordingUrl: 'https://example.org/r', version: 4 });
    expect(meetingWithMinutes(m, minutes, { recordingUrl: null }, at)).not.toHaveProperty('recordingUrl');
  });
});
