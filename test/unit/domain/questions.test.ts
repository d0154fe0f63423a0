import { describe, expect, it } from 'vitest';
import {
  addressScope,
  answerQuestion,
  contactExpiry,
  csvCell,
  csvRows,
  formatTimestamp,
  isAfterMeeting,
  parseTimestamp,
  publicQuestions,
  questionWindow,
  rateWindow,
  referenceOf,
  reviewQuestion,
  submissionHash,
  toCsv,
} from '../../../shared/domain/questions.js';
import { countWords, questionFormSchema, ReviewQuestionInput, type Question } from '../../../shared/schemas/questions.js';
import type { AgendaItem } from '../../../shared/schemas/entities.js';
import { ConflictError, ValidationError } from '../../../shared/domain/errors.js';
import { address } from '../../../shared/mail/mailer.js';

const december = { status: 'planned' as const, start: '2021-12-07T14:00:00.000Z' };

describe('the question window', () => {
  it('is open until the end of the deadline day in London, then closed', () => {
    expect(questionWindow(december, '2021-11-30', new Date('2021-11-30T23:59:59Z'))).toEqual({ open: true, closesAt: '2021-11-30T23:59:59.999Z' });
    expect(questionWindow(december, '2021-11-30', new Date('2021-12-01T00:00:00Z'))).toMatchObject({ open: false, why: 'closed' });
    // British Summer Time: the London day ends at 22:59:59.999Z.
    const june = { status: 'planned' as const, start: '2022-06-14T13:00:00.000Z' };
    expect(questionWindow(june, '2022-06-07', new Date('2022-06-07T22:59:59Z')).open).toBe(true);
    expect(questionWindow(june, '2022-06-07', new Date('2022-06-07T23:00:00Z')).open).toBe(false);
  });

  it('takes no questions for a cancelled or held meeting, nor once it has started', () => {
    expect(questionWindow({ ...december, status: 'cancelled' }, '2021-11-30', new Date('2021-11-01T09:00:00Z'))).toEqual({ open: false, why: 'cancelled' });
    expect(questionWindow({ ...december, status: 'held' }, '2021-11-30', new Date('2021-11-01T09:00:00Z'))).toEqual({ open: false, why: 'held' });
    // A deadline after the start (settings of 0 days) still closes at the start.
    expect(questionWindow(december, '2021-12-07', new Date('2021-12-07T14:00:01Z')).open).toBe(false);
  });

  it('publishes questions after the meeting: held, or started; never for a cancelled one', () => {
    expect(isAfterMeeting(december, new Date('2021-12-07T13:59:59Z'))).toBe(false);
    expect(isAfterMeeting(december, new Date('2021-12-07T14:00:00Z'))).toBe(true);
    expect(isAfterMeeting({ ...december, status: 'held' }, new Date('2021-12-01T00:00:00Z'))).toBe(true);
    expect(isAfterMeeting({ ...december, status: 'cancelled' }, new Date('2022-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('references, retention, idempotency and the rate window', () => {
  it('makes readable references from the London date of the meeting', () => {
    expect(referenceOf('COM', '2021-12-07T14:00:00.000Z', 7)).toBe('COM-20211207-007');
    expect(referenceOf('COM', '2021-12-07T14:00:00.000Z', 1234)).toBe('COM-20211207-1234');
    // 00:30 on 1 June in London is still 31 May in UTC.
    expect(referenceOf('COM', '2022-05-31T23:30:00.000Z', 1)).toBe('COM-20220601-001');
  });

  it('keeps contact details a number of months after the meeting, with the TTL in epoch seconds', () => {
    const e = contactExpiry('2021-12-07T14:00:00.000Z', 12);
    expect(e).toEqual({ expiresOn: '2022-12-07T14:00:00.000Z', expiresAt: Date.parse('2022-12-07T14:00:00.000Z') / 1000 });
    expect(contactExpiry('2022-01-31T14:00:00.000Z', 1).expiresOn).toBe('2022-02-28T14:00:00.000Z');
  });

  it('treats a repeat of the same post as one submission, and an edited one as another', () => {
    const form = { name: 'Jane', email: 'jane@example.org', district: 'Leeds' as const, question: 'Why?', publishName: false };
    expect(submissionHash('k'.repeat(20), form)).toBe(submissionHash('k'.repeat(20), { ...form }));
    expect(submissionHash('k'.repeat(20), form)).not.toBe(submissionHash('k'.repeat(20), { ...form, question: 'Why not?' }));
    expect(submissionHash('k'.repeat(20), form)).not.toBe(submissionHash('j'.repeat(20), form));
  });

  it('counts IPv4 addresses one by one and IPv6 addresses by their /64', () => {
    expect(addressScope('203.0.113.7')).toBe('203.0.113.7');
    expect(addressScope('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressScope('2001:db8:0a:1::5')).toBe('2001:db8:a:1::/64');
    expect(addressScope('2001:db8:a:1:ffff:1:2:3')).toBe('2001:db8:a:1::/64');
    expect(addressScope('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressScope('::1')).toBe('0:0:0:0::/64');
  });

  it('counts submissions per UTC clock hour', () => {
    expect(rateWindow(new Date('2021-11-01T09:59:59Z'))).toEqual({ window: '2021-11-01T09', endsAt: '2021-11-01T10:00:00.000Z' });
  });
});

describe('the form', () => {
  const schema = questionFormSchema(150);
  const valid = { name: ' Jane Example ', email: 'Jane@Example.org', district: 'Kirklees', question: '  Why?\nBecause.  ', publishName: true };

  it('counts words as GOV.UK Frontend does and enforces the limit on the server', () => {
    expect(countWords('  one two\n\nthree\tfour  ')).toBe(4);
    expect(countWords('')).toBe(0);
    expect(schema.safeParse({ ...valid, question: Array(150).fill('word').join(' ') }).success).toBe(true);
    const over = schema.safeParse({ ...valid, question: Array(151).fill('word').join(' ') });
    expect(over.success).toBe(false);
    expect(over.error!.issues[0]!.message).toBe('Your question must be 150 words or fewer');
  });

  it('keeps the question as typed (ends trimmed), and names every missing field', () => {
    const ok = schema.parse(valid);
    expect(ok).toMatchObject({ name: 'Jane Example', email: 'jane@example.org', question: 'Why?\nBecause.' });
    const bad = schema.safeParse({ name: '', email: 'nope', district: 'York', question: '', publishName: false });
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['name', 'Enter your name'],
      ['email', 'Enter your email address in the correct format, like name@example.org'],
      ['district', 'Select where you live'],
      ['question', 'Enter your question'],
    ]);
  });

  it('never lets a name with line breaks or a fake header into an email header', () => {
    const header = address({ name: 'Eve\r\nBcc: victim@example.org', email: 'eve@example.org' });
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe('"Eve Bcc: victim@example.org" <eve@example.org>');
  });
});

// ---- review and answers ----

const agenda: AgendaItem[] = [
  { id: 'WELCOME', meetingId: 'M', kind: 'standing', standing: 'welcome', title: 'Welcome' },
  { id: 'PQ', meetingId: 'M', kind: 'standing', standing: 'public-questions', title: 'Public questions' },
  { id: 'ROADS', meetingId: 'M', kind: 'topic', title: 'Road Safety' },
];

let n = 0;
function q(fields: Partial<Question> = {}): Question {
  n += 1;
  return {
    id: `Q${n}`,
    meetingId: 'M',
    reference: `COM-20211207-${String(n).padStart(3, '0')}`,
    number: n,
    text: `Question ${n}?`,
    district: 'Leeds',
    publishName: false,
    status: 'submitted',
    forgetHash: 'hash',
    submittedAt: '2021-11-10T09:00:00.000Z',
    version: 1,
    updatedAt: '2021-11-10T09:00:00.000Z',
    ...fields,
  };
}
const ctx = (questions: Question[]) => ({ agenda, questions, by: 'em@example.org', now: new Date('2021-12-01T09:00:00Z') });

describe('review', () => {
  it('accepts under the public questions item by default, or under a chosen item', () => {
    const a = q();
    const r = reviewQuestion(a, { version: 1, outcome: 'accept' }, ctx([a]));
    expect(r.question).toMatchObject({ status: 'accepted', agendaItemId: 'PQ', version: 2, review: { outcome: 'accept', by: 'em@example.org' } });
    expect(r.notify).toBe(true);
    const again = reviewQuestion(r.question, { version: 2, outcome: 'accept', agendaItemId: 'ROADS' }, ctx([r.question]));
    expect(again.question.agendaItemId).toBe('ROADS');
    expect(again.notify, 'the same outcome again is not emailed again').toBe(false);
    expect(() => reviewQuestion(a, { version: 1, outcome: 'accept', agendaItemId: 'NOPE' }, ctx([a]))).toThrow(ValidationError);
  });

  it('groups with an accepted question (making it the lead), or with the lead of a group member', () => {
    const lead = reviewQuestion(q(), { version: 1, outcome: 'accept' }, ctx([])).question;
    const b = q();
    const r = reviewQuestion(b, { version: 1, outcome: 'group', leadId: lead.id }, ctx([lead, b]));
    expect(r.question).toMatchObject({ status: 'accepted', groupId: lead.id, review: { outcome: 'group' } });
    expect(r.changed.map((c) => c.question.id)).toEqual([b.id, lead.id]);
    expect(r.changed[1]!.question).toMatchObject({ groupId: lead.id, memberIds: [b.id], version: lead.version + 1 });
    const leadNow = r.changed[1]!.question;
    const c = q();
    const viaMember = reviewQuestion(c, { version: 1, outcome: 'group', leadId: b.id }, ctx([leadNow, r.question, c]));
    expect(viaMember.question.groupId).toBe(lead.id);
    expect(viaMember.changed.map((x) => x.question.id), 'the lead lists its new member').toEqual([c.id, lead.id]);
    expect(viaMember.changed[1]!.question.memberIds).toEqual([b.id, c.id]);
    expect(viaMember.checked).toEqual([]);
  });

  it('a member that leaves its group comes off its lead’s list; regrouping in the same group only checks the lead', () => {
    const lead = { ...q({ status: 'accepted', agendaItemId: 'PQ' }), groupId: '', memberIds: [] as string[] };
    lead.groupId = lead.id;
    const member = q({ status: 'accepted', groupId: lead.id });
    lead.memberIds = [member.id];
    const alone = reviewQuestion(member, { version: 1, outcome: 'accept' }, ctx([lead, member]));
    expect(alone.question.groupId).toBeUndefined();
    expect(alone.changed.map((x) => [x.question.id, x.question.memberIds])).toEqual([
      [member.id, undefined],
      [lead.id, []],
    ]);
    const rejected = reviewQuestion(member, { version: 1, outcome: 'reject', reason: 'repeat' }, ctx([lead, member]));
    expect(rejected.changed[1]!.question.memberIds).toEqual([]);
    const same = reviewQuestion(member, { version: 1, outcome: 'group', leadId: lead.id }, ctx([lead, member]));
    expect(same.changed.map((x) => x.question.id)).toEqual([member.id]);
    expect(same.checked.map((x) => x.id)).toEqual([lead.id]);
  });

  it('refuses grouping with itself or with a question that is not accepted, and changing a lead that has a group', () => {
    const a = q();
    const b = q();
    expect(() => reviewQuestion(a, { version: 1, outcome: 'group', leadId: a.id }, ctx([a]))).toThrow(/another question/);
    expect(() => reviewQuestion(a, { version: 1, outcome: 'group', leadId: b.id }, ctx([a, b]))).toThrow(/Accept .* first/);
    const lead = { ...q({ status: 'accepted', agendaItemId: 'PQ' }), groupId: '', memberIds: [] as string[] };
    lead.groupId = lead.id;
    const member = q({ status: 'accepted', groupId: lead.id });
    lead.memberIds = [member.id];
    expect(() => reviewQuestion(lead, { version: 1, outcome: 'reject', reason: 'repeat' }, ctx([lead, member]))).toThrow(ConflictError);
  });

  it('redirects with a note and rejects with a standard reason; a stale version is a conflict', () => {
    const a = q();
    expect(reviewQuestion(a, { version: 1, outcome: 'redirect', note: 'Passed to WYP' }, ctx([a])).question).toMatchObject({ status: 'redirected', review: { note: 'Passed to WYP' } });
    const rejected = reviewQuestion(a, { version: 1, outcome: 'reject', reason: 'named-individual' }, ctx([a])).question;
    expect(rejected).toMatchObject({ status: 'rejected', review: { reason: 'named-individual' } });
    expect(rejected.agendaItemId).toBeUndefined();
    const changed = reviewQuestion(rejected, { version: 2, outcome: 'reject', reason: 'offensive' }, ctx([rejected]));
    expect(changed.notify, 'a new reason is emailed').toBe(true);
    expect(() => reviewQuestion(a, { version: 7, outcome: 'accept' }, ctx([a]))).toThrow(/version/);
    expect(ReviewQuestionInput.safeParse({ version: 1, outcome: 'reject', reason: 'other' }).success).toBe(false);
    expect(ReviewQuestionInput.safeParse({ version: 1, outcome: 'reject', reason: 'other', note: 'Sub judice' }).success).toBe(true);
  });
});

describe('answers', () => {
  const meeting = { start: '2021-12-07T14:00:00.000Z', status: 'planned' as const };
  const lead = { ...q({ status: 'accepted', agendaItemId: 'PQ' }) };
  lead.groupId = lead.id;
  const member = q({ status: 'accepted', groupId: lead.id });
  lead.memberIds = [member.id];

  it('stores the answer once on the lead, for the whole group', () => {
    const r = answerQuestion(lead, { version: 1, mode: 'writing', text: 'The answer.' }, { meeting, questions: [lead, member], by: 'em', now: new Date('2021-12-01T09:00:00Z') });
    expect(r.lead.answer).toMatchObject({ mode: 'writing', text: 'The answer.' });
    expect(r.group.map((x) => x.id)).toEqual([lead.id, member.id]);
    expect(() => answerQuestion(member, { version: 1, mode: 'writing', text: 'x' }, { meeting, questions: [lead, member], by: 'em', now: new Date() })).toThrow(/record the answer there/);
  });

  it('takes an answer at the meeting only once it has started, with an optional livestream time', () => {
    expect(() => answerQuestion(lead, { version: 1, mode: 'meeting', text: 'x' }, { meeting, questions: [lead], by: 'em', now: new Date('2021-12-07T13:00:00Z') })).toThrow(ValidationError);
    const r = answerQuestion(lead, { version: 1, mode: 'meeting', text: 'x', livestreamAt: '1:02:30' }, { meeting, questions: [lead], by: 'em', now: new Date('2021-12-07T16:00:00Z') });
    expect(r.lead.answer!.livestreamAt).toBe(3750);
    expect([parseTimestamp('62:30'), parseTimestamp('45'), formatTimestamp(3750), formatTimestamp(45)]).toEqual([3750, 45, '1:02:30', '0:45']);
    expect(() => answerQuestion(q(), { version: 1, mode: 'writing', text: 'x' }, { meeting, questions: [], by: 'em', now: new Date() })).toThrow(/only accepted/);
  });

  it('publishes accepted questions in groups with their one answer, names only with consent', () => {
    const named = q({ status: 'accepted', publishName: true, agendaItemId: 'PQ' });
    const rejected = q({ status: 'rejected' });
    const answered = { ...lead, answer: { mode: 'meeting' as const, text: 'Yes.', livestreamAt: 90, at: '2021-12-07T15:00:00Z', by: 'em' } };
    const groups = publicQuestions([answered, member, named, rejected], new Map([[named.id, 'Jane Example'], [lead.id, 'No Consent']]));
    expect(groups).toEqual([
      { agendaItemId: 'PQ', questions: [{ text: lead.text, district: 'Leeds' }, { text: member.text, district: 'Leeds' }], answer: { mode: 'meeting', text: 'Yes.', livestreamAt: '1:30' } },
      { agendaItemId: 'PQ', questions: [{ text: named.text, district: 'Leeds', name: 'Jane Example' }] },
    ]);
  });
});

describe('the staff CSV', () => {
  it('quotes every cell, doubles quotes, and defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    for (const start of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`).startsWith(`"'${start}`)).toBe(true);
    expect(csvCell(undefined)).toBe('""');
    expect(toCsv([['a', 'b'], ['1', 'line\nbreak']])).toBe('\uFEFF"a","b"\r\n"1","line\nbreak"\r\n');
  });

  it('has a row per question with its submitter while kept', () => {
    const a = q({ status: 'accepted', agendaItemId: 'ROADS', text: '-2+3' });
    const rows = csvRows([a], new Map([[a.id, { questionId: a.id, meetingId: 'M', name: 'Jane', email: 'jane@example.org', expiresOn: '2022-12-07T14:00:00.000Z', expiresAt: 0 }]]), agenda);
    expect(rows[0]).toEqual(expect.arrayContaining([a.reference, 'Jane', 'jane@example.org', '-2+3', 'accepted', 'Road Safety', 'kept until Wednesday 7 December 2022']));
    expect(csvRows([a], new Map(), agenda)[0]).toContain('removed');
  });
});
