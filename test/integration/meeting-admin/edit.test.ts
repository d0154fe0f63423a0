/**
 * Editing, moving and marking a meeting held through the pages with JavaScript off (form posts, as a
 * browser without scripts sends them), and the warnings of the schedule and edit forms (issue 12 §3):
 * the effect is read back through the API and the SES emulator.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, mailTo, page, postForm, signIn } from '../../support/http.js';
import { text } from '../../support/html.js';
import { unique, uniqueTuesday } from '../../support/fixtures.js';
import { deadlinesOf } from '../../../shared/domain/meetings.js';
import { defaultDeadlineSettings } from '../../../shared/domain/deadlines.js';
import { formatLondonDate, formatLondonDateTime, londonDate, parseLondonLocal } from '../../../shared/domain/time.js';
import { addressesOf, cycle, dateBoxes, editFields, moveMailCounts, moveMails, plusDays } from './support.js';

let cookie: string;
beforeAll(async () => {
  cookie = await signIn();
});

const papersDueOf = (date: string) => deadlinesOf({ start: parseLondonLocal(`${date}T14:00`) }, defaultDeadlineSettings).papersDue;

describe('moving a meeting through its edit page', () => {
  it('shows the deadlines and the due dates, moves them as chosen, emails everyone once, and a retried save sends nothing more', async () => {
    const c = await cycle({ requests: 3 });
    const [a, b, d] = c.requests as [Cycle['requests'][0], Cycle['requests'][0], Cycle['requests'][0]];
    const newDate = plusDays(c.date, -7);
    const newPapersDue = papersDueOf(newDate);
    expect(newPapersDue >= londonDate(c.now)).toBe(true);

    const form = await page(`/staff/meetings/${c.meetingId}/edit`, { cookie, now: c.now });
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="Wellington House, Wakefield"');
    expect(form.html).toContain(`name="version" value="${c.version}"`);

    // The confirm step: the changes, the new deadlines, each request's due date, who is told. Nothing saved yet.
    const check = await postForm(`/staff/meetings/${c.meetingId}/edit`, { ...editFields(c.version, newDate), step: 'check' }, { cookie, now: c.now });
    expect(check.status, text(check.html).slice(0, 600)).toBe(200);
    const shown = text(check.html);
    expect(shown).toContain('Check the changes before you save them');
    expect(shown).toContain(`Was ${formatLondonDateTime(parseLondonLocal(`${c.date}T14:00`))}`);
    expect(shown).toContain(formatLondonDate(newPapersDue));
    for (const r of c.requests) expect(shown).toContain(r.title);
    expect(shown).toContain(`Move it to ${formatLondonDate(newPapersDue)} (the new papers-due date)`);
    expect(shown).toContain('3 papers’ due dates change');
    expect(shown).toContain('7 emails, each sent once');
    expect((await api('GET', `/api/meetings/${c.meetingId}`)).body.meeting.version).toBe(c.version);

    const setDate = plusDays(newDate, -12);
    const save = {
      ...editFields(c.version, newDate),
      step: 'save',
      [`due-${a.id}`]: 'move',
      [`due-${b.id}`]: 'keep',
      [`due-${d.id}`]: 'set',
      ...dateBoxes(`due-${d.id}-date`, setDate),
    };
    // The post itself answers with what the move did: the due dates changed and every email with its state.
    const saved = await postForm(`/staff/meetings/${c.meetingId}/edit`, save, { cookie, now: c.now });
    expect(saved.status, text(saved.html).slice(0, 600)).toBe(200);
    const done = text(saved.html);
    expect(done).toContain('Meeting moved');
    expect(done).toContain(`${a.title}: now ${formatLondonDate(newPapersDue)} (was ${formatLondonDate(a.dueDate)})`);
    expect(done).toContain(`${d.title}: now ${formatLondonDate(setDate)}`);
    expect(done).not.toContain(`${b.title}: now`);
    // Queued with the move: the page lists each email as being sent (the outbox sends them within moments).
    expect(done).toContain('7 emails about the new date: 0 sent so far');
    for (const address of addressesOf(c)) expect(done).toContain(address);
    expect(saved.html.match(/>\s*Being sent\s*</g)).toHaveLength(7);

    const tracking = await api('GET', `/api/meetings/${c.meetingId}/tracking`, undefined, { now: c.now });
    expect(tracking.body.meeting.startLocal).toBe(`${newDate}T14:00`);
    const due = Object.fromEntries(tracking.body.requests.map((r: { id: string; dueDate: string }) => [r.id, r.dueDate]));
    expect(due).toEqual({ [a.id]: newPapersDue, [b.id]: b.dueDate, [d.id]: setDate });

    // Each author and sponsor and the asker: one email, saying the old date, the new one, the place and what to do by when.
    for (const address of addressesOf(c)) await mailTo(address, 1, /moved/i);
    const [toAuthor] = await moveMails(a.author.email);
    expect(toAuthor!.body.text).toContain(`Was: ${formatLondonDateTime(parseLondonLocal(`${c.date}T14:00`))}`);
    expect(toAuthor!.body.text).toContain(`Now: ${formatLondonDateTime(parseLondonLocal(`${newDate}T14:00`))} (London time), at Wellington House, Wakefield`);
    expect(toAuthor!.body.text).toContain(`is now due by the end of ${formatLondonDate(newPapersDue)} (it was due ${formatLondonDate(a.dueDate)})`);
    expect(toAuthor!.body.html).toContain('Was:');
    const [toKept] = await moveMails(b.author.email);
    expect(toKept!.body.text).toContain(`is still due by the end of ${formatLondonDate(b.dueDate)}`);
    const [toAsker] = await moveMails(c.asker!.email);
    expect(toAsker!.subject).toBe(`Your question ${c.asker!.reference}: the meeting has moved to ${formatLondonDate(newDate)}`);

    // The request's history says so.
    const file = await api('GET', `/api/meetings/${c.meetingId}/requests/${a.id}`);
    expect(file.body.history[0]).toMatchObject({ action: 'due-date-changed' });
    expect(file.body.history[0].note).toContain(`to ${formatLondonDate(newPapersDue)}`);

    // The same save posted again (a double click, a retry): the same answer, no email again.
    const again = await postForm(`/staff/meetings/${c.meetingId}/edit`, save, { cookie, now: c.now });
    expect(again.status, text(again.html).slice(0, 600)).toBe(200);
    expect(text(again.html)).toContain('This change had already been saved');
    expect(again.html.match(/>\s*Sent\s*</g)).toHaveLength(7);
    expect(await moveMailCounts(addressesOf(c))).toEqual(addressesOf(c).map(() => 1));
    expect((await api('GET', `/api/meetings/${c.meetingId}`)).body.meeting.version).toBe(c.version + 1);
  });

  it('refuses keeping a due date that is no longer before the meeting, with the field marked, and saves nothing', async () => {
    const c = await cycle({ requests: 1, question: false });
    const [r] = c.requests;
    const newDate = plusDays(c.date, -35);
    expect(newDate <= r!.dueDate).toBe(true);
    const res = await postForm(
      `/staff/meetings/${c.meetingId}/edit`,
      { ...editFields(c.version, newDate), step: 'save', [`due-${r!.id}`]: 'keep' },
      { cookie, now: c.now },
    );
    expect(res.status).toBe(400);
    expect(text(res.html)).toContain(`which is not before the meeting on ${formatLondonDate(newDate)}: move it or set another date`);
    expect(res.html).toContain(`href="#due-${r!.id}"`);
    const after = await api('GET', `/api/meetings/${c.meetingId}/tracking`);
    expect(after.body.meeting).toMatchObject({ version: c.version, startLocal: `${c.date}T14:00` });
    expect(after.body.requests[0].dueDate).toBe(r!.dueDate);
    expect(await moveMailCounts([r!.author.email])).toEqual([0]);
  });

  it('answers a stale page with 409 and the form again, keeping what was typed', async () => {
    const c = await cycle({ requests: 1, question: false });
    const other = await api('PATCH', `/api/meetings/${c.meetingId}`, { version: c.version, place: 'Online' });
    expect(other.status).toBe(200);
    for (const step of ['check', 'save']) {
      const res = await postForm(`/staff/meetings/${c.meetingId}/edit`, { ...editFields(c.version, c.date, { place: 'Bradford City Hall' }), step }, { cookie, now: c.now });
      expect(res.status, step).toBe(409);
      expect(text(res.html)).toContain('Someone else changed this meeting while you were editing it');
      expect(res.html).toContain('value="Bradford City Hall"');
      expect(res.html).toContain(`name="version" value="${c.version + 1}"`);
    }
    expect((await api('GET', `/api/meetings/${c.meetingId}`)).body.meeting.place).toBe('Online');
  });

  it('edits the place, title and livestream without moving anything or emailing anyone; the link must be https', async () => {
    const c = await cycle({ requests: 1, question: false });
    const http = await postForm(`/staff/meetings/${c.meetingId}/edit`, { ...editFields(c.version, c.date, { livestreamUrl: 'http://example.org/live' }), step: 'check' }, { cookie, now: c.now });
    expect(http.status).toBe(400);
    expect(text(http.html)).toContain('Enter the livestream link as a full web address starting with https://');
    const fields = editFields(c.version, c.date, { place: 'Leeds Civic Hall', title: 'Community Outcomes Meeting (extra)', livestreamUrl: '' });
    const check = await postForm(`/staff/meetings/${c.meetingId}/edit`, { ...fields, step: 'check' }, { cookie, now: c.now });
    expect(check.status).toBe(200);
    expect(text(check.html)).not.toContain('Papers’ due dates');
    const saved = await postForm(`/staff/meetings/${c.meetingId}/edit`, { ...fields, step: 'save' }, { cookie, now: c.now });
    expect(saved.status).toBe(303);
    const view = await api('GET', `/api/meetings/${c.meetingId}`);
    expect(view.body.meeting).toMatchObject({ place: 'Leeds Civic Hall', title: 'Community Outcomes Meeting (extra)', version: c.version + 1 });
    expect(view.body.meeting.livestreamUrl).toBeUndefined();
    expect(await moveMailCounts([c.requests[0]!.author.email])).toEqual([0]);
  });

  it('moves a meeting into the repeated October hour at the instant chosen, once “Move it anyway” is ticked (a Sunday)', async () => {
    const c = await cycle({ requests: 0, question: false });
    // The last Sunday of October 2042: London's clocks show 01:30 twice.
    const fields = { ...editFields(c.version, '2042-10-26'), time: '01:30' };
    const check = await postForm(`/staff/meetings/${c.meetingId}/edit`, { ...fields, step: 'check' }, { cookie, now: c.now });
    expect(check.status).toBe(200);
    expect(check.html).toContain('value="2042-10-26T00:30:00.000Z" checked');
    expect(check.html).toContain('value="2042-10-26T01:30:00.000Z"');
    expect(text(check.html)).toContain('Sunday 26 October 2042 is a Sunday.');
    const unticked = await postForm(`/staff/meetings/${c.meetingId}/edit`, { ...fields, step: 'save', startChoice: '2042-10-26T01:30:00.000Z' }, { cookie, now: c.now });
    expect(unticked.status).toBe(400);
    expect(text(unticked.html)).toContain('Tick “Move it anyway”');
    expect(unticked.html).toContain('value="2042-10-26T01:30:00.000Z" checked');
    const saved = await postForm(
      `/staff/meetings/${c.meetingId}/edit`,
      { ...fields, step: 'save', startChoice: '2042-10-26T01:30:00.000Z', confirmWarnings: 'yes' },
      { cookie, now: c.now },
    );
    expect(saved.status, text(saved.html).slice(0, 600)).toBe(303);
    expect((await api('GET', `/api/meetings/${c.meetingId}`)).body.meeting).toMatchObject({ start: '2042-10-26T01:30:00.000Z', startLocal: '2042-10-26T01:30' });
  });
});

describe('marking a meeting held', () => {
  it('from the meeting page’s button, on the meeting day', async () => {
    const c = await cycle({ requests: 1, question: false });
    const morning = `${c.date}T09:00:00Z`;
    const before = await page(`/staff/meetings/${c.meetingId}`, { cookie, now: c.now });
    expect(before.html).not.toContain('Mark the meeting as held');
    expect(before.html).toContain(`href="/staff/meetings/${c.meetingId}/edit"`);
    const onTheDay = await page(`/staff/meetings/${c.meetingId}`, { cookie, now: morning });
    expect(onTheDay.html).toContain('Mark the meeting as held');
    const res = await postForm(`/staff/meetings/${c.meetingId}/held`, { version: String(c.version) }, { cookie, now: morning });
    expect(res.status, text(res.html).slice(0, 400)).toBe(303);
    // Stored (the meeting has not ended at 09:00): held, and the button has gone.
    expect((await api('GET', `/api/meetings/${c.meetingId}`, undefined, { now: morning })).body.meeting.status).toBe('held');
    const after = await page(`/staff/meetings/${c.meetingId}`, { cookie, now: morning });
    expect(after.html).not.toContain('Mark the meeting as held');
    // The button pressed twice (a retry): the same answer. A button from before someone else's change: 409.
    const twice = await postForm(`/staff/meetings/${c.meetingId}/held`, { version: String(c.version) }, { cookie, now: morning });
    expect(twice.status).toBe(303);
    expect((await api('PATCH', `/api/meetings/${c.meetingId}`, { version: c.version + 1, place: 'Online' }, { now: morning })).status).toBe(200);
    const stale = await postForm(`/staff/meetings/${c.meetingId}/held`, { version: String(c.version) }, { cookie, now: morning });
    expect(stale.status).toBe(409);
  });

  it('counts a meeting as held once its start and three hours have passed, in the API and the lists, without storing it', async () => {
    const date = uniqueTuesday();
    const title = unique('Community Outcomes Meeting');
    const made = await api('POST', '/api/meetings', { start: `${date}T14:00`, place: 'Online', title }, { now: `${date}T09:00:00Z` });
    const id = made.body.id;
    // 14:00 London in winter or summer: the meeting ends three hours later.
    const ends = Date.parse(made.body.start) + 3 * 3_600_000;
    const at = (ms: number) => new Date(ms).toISOString();
    expect((await api('GET', `/api/meetings/${id}`, undefined, { now: at(ends - 60_000) })).body.meeting.status).toBe('planned');
    expect((await api('GET', `/api/meetings/${id}`, undefined, { now: at(ends) })).body.meeting.status).toBe('held');
    const listed = await api('GET', `/api/meetings?from=${date}&to=${date}`, undefined, { now: at(ends) });
    expect(listed.body.meetings.find((m: { id: string }) => m.id === id).status).toBe('held');
    const list = await page('/staff/meetings', { cookie, now: at(ends) });
    const row = text(list.html.slice(list.html.indexOf(title) - 600, list.html.indexOf(title) + 400));
    expect(row).toContain('Held');
    // Derived, not stored: staff can still record it, and moving it is refused as for a held meeting.
    const moved = await api('PATCH', `/api/meetings/${id}`, { version: 1, start: `${plusDays(date, 7)}T14:00` }, { now: at(ends) });
    expect(moved.status).toBe(400);
    expect(moved.body.error).toContain('has been held, so it cannot be moved');
    const held = await api('PATCH', `/api/meetings/${id}`, { version: 1, status: 'held' }, { now: at(ends) });
    expect(held.status).toBe(200);
    expect(held.body.status).toBe('held');
  });
});

describe('warnings on the schedule form', () => {
  const scheduleFields = (date: string, title: string, fields: Record<string, string> = {}) => ({
    title,
    ...dateBoxes('date', date),
    time: '14:00',
    place: 'Wellington House, Wakefield',
    livestreamUrl: '',
    ...fields,
  });
  const listed = async (date: string, title: string) =>
    (await api('GET', `/api/meetings?from=${date}&to=${date}`)).body.meetings.filter((m: { title: string }) => m.title === title);

  it('asks to confirm a Saturday, and schedules it only once “Schedule it anyway” is ticked', async () => {
    const saturday = plusDays(uniqueTuesday(), 4);
    const title = unique('Weekend meeting');
    const now = `${plusDays(saturday, -60)}T09:00:00Z`;
    const first = await postForm('/staff/meetings', scheduleFields(saturday, title), { cookie, now });
    expect(first.status).toBe(200);
    const shown = text(first.html);
    expect(shown).toContain('Check the meeting before you schedule it');
    expect(shown).toContain(`${formatLondonDate(saturday)} is a Saturday.`);
    expect(shown).toContain('Papers due');
    expect(await listed(saturday, title)).toEqual([]);
    const unticked = await postForm('/staff/meetings', scheduleFields(saturday, title, { step: 'confirm' }), { cookie, now });
    expect(unticked.status).toBe(400);
    expect(text(unticked.html)).toContain('Tick “Schedule it anyway”');
    expect(await listed(saturday, title)).toEqual([]);
    const ticked = await postForm('/staff/meetings', scheduleFields(saturday, title, { step: 'confirm', confirmWarnings: 'yes' }), { cookie, now });
    expect(ticked.status).toBe(303);
    expect(await listed(saturday, title)).toHaveLength(1);
  });

  it('schedules a weekday without a confirm step, and a past date only once confirmed', async () => {
    const tuesday = uniqueTuesday();
    const title = unique('Weekday meeting');
    const now = `${plusDays(tuesday, -30)}T09:00:00Z`;
    expect((await postForm('/staff/meetings', scheduleFields(tuesday, title), { cookie, now })).status).toBe(303);
    const late = `${plusDays(tuesday, 1)}T09:00:00Z`;
    const past = await postForm('/staff/meetings', scheduleFields(tuesday, `${title} again`), { cookie, now: late });
    expect(past.status).toBe(200);
    expect(text(past.html)).toContain('has already passed.');
  });

  it('stores the instant chosen in the repeated October hour: GMT when chosen, BST by default', async () => {
    const title = unique('October meeting');
    const now = '2042-09-01T09:00:00Z';
    const fields = (extra: Record<string, string>) => scheduleFields('2042-10-26', title, { time: '01:30', ...extra });
    const check = await postForm('/staff/meetings', fields({}), { cookie, now });
    expect(check.status).toBe(200);
    expect(text(check.html)).toContain("London's clocks show 01:30 twice on Sunday 26 October 2042");
    const gmt = await postForm('/staff/meetings', fields({ step: 'confirm', confirmWarnings: 'yes', startChoice: '2042-10-26T01:30:00.000Z' }), { cookie, now });
    expect(gmt.status).toBe(303);
    const bst = await postForm('/staff/meetings', fields({ title: `${title} BST`, step: 'confirm', confirmWarnings: 'yes', startChoice: '2042-10-26T00:30:00.000Z' }), { cookie, now });
    expect(bst.status).toBe(303);
    const made = await api('GET', '/api/meetings?from=2042-10-26&to=2042-10-26');
    const start = (t: string) => made.body.meetings.find((m: { title: string }) => m.title === t)?.start;
    expect(start(title)).toBe('2042-10-26T01:30:00.000Z');
    expect(start(`${title} BST`)).toBe('2042-10-26T00:30:00.000Z');
  });
});

type Cycle = Awaited<ReturnType<typeof cycle>>;
