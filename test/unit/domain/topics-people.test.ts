/** Issue 12 §3 pure rules: people's addresses, overdue actions, closing topics, verbal agenda items. */
import { describe, expect, it } from 'vitest';
import { changePerson, emailChanges, emailKey, nameKey, newPerson, personIdsOf, snapshotOf, withCurrentPeople } from '../../../shared/domain/people';
import { isOverdue, newAction, updateAction } from '../../../shared/domain/actions';
import { changeTopic } from '../../../shared/domain/topics';
import { assertNotOnAgenda, needsPaper, verbalItem } from '../../../shared/domain/agenda-items';
import { missingPapers } from '../../../shared/domain/papers';
import { ConflictError } from '../../../shared/domain/errors';
import type { AgendaItem, Meeting, ReportRequest, Topic } from '../../../shared/schemas/entities';

const now = new Date('2021-10-04T10:15:00.000Z');

describe('people: the address that makes a person unique', () => {
  it.each([
    ['ci.roads-policing@example.org', 'ci.roads-policing@example.org'],
    ['CI.Roads-Policing@Example.ORG', 'ci.roads-policing@example.org'],
    ['  ci.roads-policing@example.org \t', 'ci.roads-policing@example.org'],
  ])('%j is kept as %j', (typed, key) => expect(emailKey(typed)).toBe(key));

  it('a new person is stored with the normalised address; the list sorts by name ignoring case', () => {
    const p = newPerson({ name: ' Supt Matt Davison ', role: 'Roads Policing', email: 'Matt.Davison@Example.org' }, now);
    expect(p).toMatchObject({ name: 'Supt Matt Davison', role: 'Roads Policing', email: 'matt.davison@example.org', version: 1 });
    expect(nameKey('Supt Matt Davison')).toBe(nameKey('supt matt davison '));
  });

  it('a change of case is not a change of address; a new address is', () => {
    const p = newPerson({ name: 'A', email: 'a@example.org' }, now);
    expect(emailChanges(p, { email: 'A@EXAMPLE.org' })).toBe(false);
    expect(emailChanges(p, { email: 'b@example.org' })).toBe(true);
    expect(emailChanges(p, {})).toBe(false);
    const next = changePerson(p, { email: 'B@example.org', role: 'ACC' }, now);
    expect(next).toMatchObject({ email: 'b@example.org', role: 'ACC', version: 2 });
    expect(changePerson(next, { role: null }, now).role).toBeUndefined();
  });

  it("a request's emails go to the person's current address; someone off the list keeps the snapshot", () => {
    const author = newPerson({ name: 'Supt Davison', email: 'old@example.org' }, now);
    const request = { author: snapshotOf(author), sponsor: { name: 'ACC Hankinson', email: 'acc@example.org' } } as Pick<ReportRequest, 'author' | 'sponsor'>;
    expect(personIdsOf([request])).toEqual([author.id]);
    const moved = changePerson(author, { email: 'new@example.org' }, now);
    const current = withCurrentPeople(request, new Map([[author.id, moved]]));
    expect(current.author).toMatchObject({ email: 'new@example.org', personId: author.id });
    expect(current.sponsor).toBe(request.sponsor);
    expect(withCurrentPeople(request, new Map())).toBe(request);
  });
});

describe('actions: overdue', () => {
  const meeting = { id: 'M', start: '2021-09-14T13:00:00.000Z' } as Meeting;
  const action = newAction(meeting, { text: 'WYP to share figures', owner: 'WYP', targetDate: '2021-10-29' }, 'em@example.org', now);

  it.each([
    ['the day before', '2021-10-28T12:00:00Z', 'open', false],
    ['the target date itself (until London midnight)', '2021-10-29T22:59:00Z', 'open', false],
    ['the next London day (BST: 23:00 UTC)', '2021-10-29T23:00:00Z', 'open', true],
    ['weeks later, ongoing', '2021-11-20T09:00:00Z', 'ongoing', true],
    ['weeks later, completed', '2021-11-20T09:00:00Z', 'completed', false],
  ] as const)('%s: %s', (_label, at, status, overdue) => {
    expect(isOverdue({ ...action, status }, new Date(at))).toBe(overdue);
  });

  it('without a target date it is never overdue; an update sets, keeps or clears the date', () => {
    expect(isOverdue({ status: 'open' }, new Date('2030-01-01'))).toBe(false);
    expect(updateAction(action, { status: 'ongoing' }, 'em', now).targetDate).toBe('2021-10-29');
    expect(updateAction(action, { status: 'ongoing', targetDate: '2021-12-01' }, 'em', now).targetDate).toBe('2021-12-01');
    expect(updateAction(action, { status: 'ongoing', targetDate: null }, 'em', now)).not.toHaveProperty('targetDate');
  });
});

describe('topics: closing and reopening', () => {
  const topic = (fields: Partial<Topic> = {}): Topic => ({
    id: 'T1', title: 'Road Safety', points: [], source: { kind: 'staff' }, status: 'open', version: 3, createdAt: now.toISOString(), updatedAt: now.toISOString(), ...fields,
  });

  it('an open topic closes with its reason, and reopens without it', () => {
    const closed = changeTopic(topic(), { status: 'closed', reason: 'Covered in March' }, now);
    expect(closed).toMatchObject({ status: 'closed', closedReason: 'Covered in March', version: 4 });
    const reopened = changeTopic(closed, { status: 'open' }, now);
    expect(reopened.status).toBe('open');
    expect(reopened).not.toHaveProperty('closedReason');
  });

  it('a topic with a paper requested is not closed, and the message says what to do', () => {
    const scheduled = topic({ status: 'scheduled', meetingId: 'M', requestId: 'R' });
    expect(() => changeTopic(scheduled, { status: 'closed', reason: 'x' }, now)).toThrow(ConflictError);
    expect(() => changeTopic(scheduled, { status: 'closed', reason: 'x' }, now)).toThrow(/Withdraw the request/);
  });

  it('a topic on the agenda as a verbal item (no request) can be closed', () => {
    expect(changeTopic(topic({ status: 'scheduled', meetingId: 'M' }), { status: 'closed', reason: 'Heard' }, now).status).toBe('closed');
  });
});

describe('verbal agenda items', () => {
  const meeting = { agendaOrder: ['W', 'T', 'V', 'F', 'Q'] } as Pick<Meeting, 'agendaOrder'>;
  const topicItem: AgendaItem = { id: 'T', meetingId: 'M', kind: 'topic', title: 'Road Safety', topicId: 'T1' };
  const free: AgendaItem = { ...verbalItem('M', { format: 'presentation', title: 'Safer Roads in figures', presenter: 'WY Safer Roads' }), id: 'V' };
  const onTopic: AgendaItem = { ...verbalItem('M', { format: 'verbal update', topic: { id: 'T2', title: 'Safeguarding' } as Topic }), id: 'F' };
  const agenda: AgendaItem[] = [{ id: 'W', meetingId: 'M', kind: 'standing', standing: 'welcome', title: 'Welcome' }, topicItem, free, onTopic];
  const req = (fields: Partial<ReportRequest>) => ({ id: 'R', title: 'x', status: 'requested', agendaItemId: 'none', topicId: 'none', ...fields }) as ReportRequest;

  it('a verbal item names its format, presenter and topic', () => {
    expect(free).toMatchObject({ kind: 'verbal', format: 'presentation', title: 'Safer Roads in figures', presenter: 'WY Safer Roads' });
    expect(onTopic).toMatchObject({ kind: 'verbal', format: 'verbal update', title: 'Safeguarding', topicId: 'T2' });
    expect(needsPaper(free, false)).toBe(false);
    expect(needsPaper(topicItem, false)).toBe(true);
  });

  it('is never a missing paper; only the topic item without an accepted paper is', () => {
    expect(missingPapers(meeting, agenda, [])).toEqual([{ title: 'Road Safety', status: 'not requested' }]);
    expect(missingPapers(meeting, agenda, [req({ agendaItemId: 'T', topicId: 'T1', status: 'accepted' })])).toEqual([]);
  });

  it('counts once a paper is requested on its topic after all', () => {
    const late = req({ id: 'R2', title: 'Safeguarding', topicId: 'T2', status: 'requested' });
    expect(missingPapers(meeting, agenda, [req({ agendaItemId: 'T', topicId: 'T1', status: 'accepted' }), late])).toEqual([{ title: 'Safeguarding', status: 'requested', requestId: 'R2' }]);
  });

  it('a topic goes on an agenda once', () => {
    expect(() => assertNotOnAgenda(agenda, { id: 'T1', title: 'Road Safety' } as Topic)).toThrow(/already on this meeting's agenda/);
    expect(() => assertNotOnAgenda(agenda, { id: 'T9', title: 'New' } as Topic)).not.toThrow();
  });
});
