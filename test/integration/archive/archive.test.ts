/**
 * The public archive (issue 13 §3), over HTTP on DynamoDB Local: the archive page, a held meeting's
 * public page, search, the Atom feed and the iCalendar feed (read with ical.js, not our code).
 *
 * The data is made through the API as staff and the public do (meetings, a paper requested,
 * submitted, accepted and published with the agenda pack, questions asked, accepted and answered,
 * an action, a cancellation). Minutes are the one exception: helper A builds the minutes routes in
 * parallel with this branch, so `publishMinutes` below writes a `Minutes` item (and copies its state
 * onto the meeting, as the minutes use-cases do in one transaction) through the store's `itemOf`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { useLocalEnv } from '../../../infra/local/env.js';
import { create, itemOf, meetingStore, replace, writeAll } from '../../../shared/store/store.js';
import { api, endpoints, page } from '../../support/http.js';
import { meeting, people, uniqueTuesday } from '../../support/fixtures.js';
import { text } from '../../support/html.js';
import { PDF, linkFrom, submit } from '../../support/papers.js';
import { ask, openMeeting, review, answer } from '../questions/helpers.js';

const word = () => `qz${Math.random().toString(36).slice(2, 10)}`;
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(() => useLocalEnv(endpoints(), { POWERTOOLS_LOG_LEVEL: 'ERROR' }));

/** Minutes published (as a draft or approved) for a meeting: the Minutes item and the meeting's copy of its state. */
async function publishMinutes(meetingId: string, fields: { status: 'published-draft' | 'approved'; notes: Record<string, string>; at: string; recordingUrl?: string }) {
  const m = (await meetingStore.get(meetingId))!;
  await writeAll([
    create(
      itemOf.minutes({
        meetingId,
        status: fields.status,
        attendance: {
          present: [{ name: 'Alison Lowe', role: 'Deputy Mayor for Policing and Crime' }],
          alsoPresent: [{ name: 'John Robins', role: 'Chief Constable', organisation: 'West Yorkshire Police' }],
          apologies: [{ name: 'Tracy Brabin', role: 'Mayor of West Yorkshire' }],
        },
        sections: Object.entries(fields.notes).map(([agendaItemId, notes]) => ({ agendaItemId, notes, recordingAt: '0:12:30' })),
        futureItems: [],
        futureItemsNote: 'To be agreed in line with the new Police and Crime plan',
        revision: 1,
        publishedAt: fields.at,
        ...(fields.status === 'approved' ? { approvedOn: fields.at.slice(0, 10) } : {}),
        version: 1,
        createdAt: fields.at,
        updatedAt: fields.at,
        updatedBy: 'engagement.manager@example.org',
      }),
    ),
    replace(itemOf.meeting({ ...m, minutesStatus: fields.status, minutesPublishedAt: fields.at, ...(fields.recordingUrl ? { recordingUrl: fields.recordingUrl } : {}), version: m.version + 1, updatedAt: fields.at }), m.version),
  ]);
}

describe('the public archive', () => {
  // Made once: an earlier meeting that is held with everything published, the next one, a cancelled one.
  const w = { paperWord: word(), notesWord: word(), answerWord: word() } as Record<string, any>;

  beforeAll(async () => {
    const om = await openMeeting({ title: 'Community Outcomes Meeting' });
    w.held = om.meeting;
    w.date = om.date;
    // A paper: requested, submitted, accepted, published with the agenda pack on its publication date.
    const topic = await api('POST', '/api/topics', { title: `Road safety ${w.paperWord}`, points: ['Update on Vision Zero'] }, { now: om.now });
    expect(topic.status).toBe(201);
    const { sponsor, author } = people();
    const request = await api('POST', `/api/meetings/${w.held.id}/requests`, { topicId: topic.body.id, sponsor, author, dueDate: addDays(om.date, -2) }, { now: om.now });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    await submit(await linkFrom(author.email), PDF, om.now, { points: ['0'] });
    expect((await api('POST', `/api/meetings/${w.held.id}/requests/${request.body.id}/accept`, undefined, { now: om.now })).status).toBe(200);
    // Two questions: one answered, one accepted and not answered yet.
    const asked = await ask(om, { question: `Why are there no speed cameras on the A62? ${word()}` });
    const other = await ask(om);
    for (const q of [asked.question, other.question]) expect((await review(w.held.id, q.id, { version: q.version, outcome: 'accept' }, om.now)).status).toBe(200);
    const view = (await api('GET', `/api/meetings/${w.held.id}`, undefined, { now: om.now })).body;
    const publication = `${view.meeting.deadlines.agendaPublication}T09:00:00.000Z`;
    const published = await api('POST', `/api/meetings/${w.held.id}/publish`, { confirm: true }, { now: publication });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    w.afterStart = `${w.date}T15:00:00.000Z`; // after the 14:00 start, BST or GMT
    w.after = `${addDays(w.date, 1)}T09:00:00.000Z`;
    w.question = asked.question;
    const answered = await answer(w.held.id, asked.question.id, { version: asked.question.version + 1, mode: 'writing', text: `Cameras are placed where collisions happen. ${w.answerWord}` }, w.afterStart);
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const action = await api('POST', `/api/meetings/${w.held.id}/actions`, { text: `WYP to provide further information on the reporting portal ${word()}`, owner: 'WYP' }, { now: w.afterStart });
    expect(action.status).toBe(201);
    w.action = action.body;
    w.agenda = view.agenda as { id: string; standing?: string; title: string }[];
    const item = (standing: string) => w.agenda.find((a: any) => a.standing === standing)!.id;
    await publishMinutes(w.held.id, {
      status: 'published-draft',
      notes: { [item('welcome')]: `The Deputy Mayor welcomed everyone. ${w.notesWord}` },
      at: w.after,
      recordingUrl: 'https://www.youtube.com/watch?v=com-recording',
    });
    // The next meeting (its item 2 takes the minutes above), and a cancelled one between them.
    // (A week apart, so no other test's meeting, always on a Tuesday, falls between them.)
    w.cancelled = await meeting({ start: `${addDays(w.date, 2)}T14:00`, title: 'Community Outcomes Meeting' }, om.now);
    expect((await api('POST', `/api/meetings/${w.cancelled.id}/cancel`, { version: 1, reason: 'The commissioner is unwell', questions: 'close' }, { now: om.now })).status).toBe(200);
    w.next = await meeting({ start: `${addDays(w.date, 7)}T14:00`, title: 'Community Outcomes Meeting' }, om.now);
    const nextView = (await api('GET', `/api/meetings/${w.next.id}`, undefined, { now: om.now })).body;
    const nextPack = await api('POST', `/api/meetings/${w.next.id}/publish`, { confirm: true }, { now: `${nextView.meeting.deadlines.agendaPublication}T09:00:00.000Z` });
    expect(nextPack.status, JSON.stringify(nextPack.body)).toBe(200);
  }, 120_000);

  it('lists every meeting by year, newest first, with its status and what is published', async () => {
    const res = await page('/meetings', { now: w.after });
    expect(res.status).toBe(200);
    const row = (id: string) => {
      const at = res.html.indexOf(`id="meeting-${id}"`);
      expect(at, `row of ${id}`).toBeGreaterThan(-1);
      return text(res.html.slice(at, res.html.indexOf('</tr>', at)));
    };
    expect(row(w.held.id)).toContain('Held');
    expect(row(w.held.id)).toContain('Agenda and papers');
    expect(row(w.held.id)).toContain('Draft minutes');
    expect(row(w.held.id)).toContain('Questions and answers');
    expect(row(w.held.id)).toContain('Recording');
    expect(row(w.next.id)).toContain('Upcoming');
    expect(row(w.next.id)).toContain('Agenda and papers');
    expect(row(w.next.id)).not.toContain('minutes');
    expect(row(w.cancelled.id)).toContain('Cancelled');
    // Newest first: the next meeting before the cancelled one before the held one.
    const order = [w.next.id, w.cancelled.id, w.held.id].map((id) => res.html.indexOf(`id="meeting-${id}"`));
    if (w.next.start.slice(0, 4) === w.held.start.slice(0, 4)) expect(order).toEqual([...order].sort((a, b) => a - b));
    // Years are headings, newest first.
    const years = [...res.html.matchAll(/<caption[^>]*>(\d{4})<\/caption>/g)].map((m) => m[1]!);
    expect(years).toEqual([...years].sort().reverse());
    // The home page links to it.
    expect((await page('/', { now: w.after })).html).toContain('href="/meetings"');
  });

  it('shows one year at a time once the years pile up: earlier years are links, a bad year a 400', async () => {
    const heldYear = Number(w.held.start.slice(0, 4));
    // Three years on, the default page (last year, this year, later) no longer lists it...
    const later = `${heldYear + 3}-06-01T09:00:00Z`;
    const recent = await page('/meetings', { now: later });
    expect(recent.status).toBe(200);
    expect(recent.html).not.toContain(`id="meeting-${w.held.id}"`);
    // ...but links its year, which does.
    expect(recent.html).toContain(`href="/meetings?year=${heldYear}"`);
    const thatYear = await page(`/meetings?year=${heldYear}`, { now: later });
    expect(thatYear.status).toBe(200);
    expect(thatYear.html).toContain(`id="meeting-${w.held.id}"`);
    expect(text(thatYear.html)).toContain(`Meetings in ${heldYear}`);
    const bad = await page('/meetings?year=twenty', { now: later });
    expect(bad.status).toBe(400);
    expect(text(bad.html)).toContain('Give the year as four digits, like 2021');
  });

  it('shows a held meeting as held: attendance, draft minutes, papers, answers, actions, recording; no livestream or calendar link', async () => {
    const res = await page(`/meetings/${w.held.id}`, { now: w.after });
    expect(res.status).toBe(200);
    const body = text(res.html);
    expect(body).toContain('This meeting took place on');
    expect(body).not.toContain('Watch the livestream');
    expect(body).not.toContain('Add the meetings to your calendar');
    expect(body).toContain('Draft minutes, to be approved at the next meeting.');
    expect(res.html).toContain(`href="/meetings/${w.held.id}/minutes"`);
    expect(body).toContain('Present Alison Lowe (Deputy Mayor for Policing and Crime)');
    expect(body).toContain('Also present John Robins (Chief Constable, West Yorkshire Police)');
    expect(body).toContain('Apologies Tracy Brabin (Mayor of West Yorkshire)');
    expect(body).toContain(w.notesWord);
    expect(body).toContain('At 0:12:30 in the recording');
    expect(body).toContain(`Road safety ${w.paperWord}`);
    expect(body).toContain(w.answerWord);
    expect(body).toContain(w.action.text);
    expect(res.html).toContain('href="https://www.youtube.com/watch?v=com-recording"');
    expect(body).toContain('To be agreed in line with the new Police and Crime plan');
    expect(res.html).toContain('href="/meetings"'); // the breadcrumb
    // Before the meeting: the livestream and calendar, none of the above.
    const before = text((await page(`/meetings/${w.held.id}`, { now: `${w.date}T08:00:00.000Z` })).html);
    expect(before).toContain('Watch the livestream');
    expect(before).not.toContain('This meeting took place');
  });

  it('links the previous meeting’s minutes under the next meeting’s item 2, skipping a cancelled meeting', async () => {
    const res = await page(`/meetings/${w.next.id}`, { now: w.after });
    expect(res.status).toBe(200);
    const at = res.html.indexOf('previous-minutes');
    expect(at).toBeGreaterThan(-1);
    const item = text(res.html.slice(at, res.html.indexOf('</p>', at)));
    expect(item).toContain('Draft minutes of the meeting on');
    expect(item).toContain('draft, to be approved at this meeting');
    expect(res.html.slice(at, res.html.indexOf('</p>', at))).toContain(`/meetings/${w.held.id}/minutes`);
  });

  it('searches published papers, minutes and answered questions, each linking to its meeting', async () => {
    const paper = await page(`/search?q=${w.paperWord}`, { now: w.after });
    expect(paper.status).toBe(200);
    expect(text(paper.html)).toContain('1 result for');
    expect(paper.html).toContain(`href="/meetings/${w.held.id}#agenda"`);

    const minutes = text((await page(`/search?q=${w.notesWord}+welcomed`, { now: w.after })).html);
    expect(minutes).toContain('Draft minutes of Community Outcomes Meeting');
    expect(minutes).toContain('The Deputy Mayor welcomed everyone.');

    const q = await page(`/search?q=${w.answerWord.slice(0, 7)}`, { now: w.after }); // a prefix finds the word
    expect(text(q.html)).toContain('Why are there no speed cameras on the A62?');
    expect(text(q.html)).toContain('Answer: Cameras are placed where collisions happen.');
    expect(q.html).toContain(`href="/meetings/${w.held.id}#questions"`);

    expect(text((await page(`/search?q=${word()}`, { now: w.after })).html)).toContain('0 results for');
    expect(text((await page('/search', { now: w.after })).html)).toContain('Searches the titles of published papers');
    expect((await page(`/search?q=${'x'.repeat(201)}`, { now: w.after })).status).toBe(400);
  });

  it('records when a meeting’s first answer was published, on the meeting, once', async () => {
    const first = (await meetingStore.get(w.held.id))!;
    expect(first.answersPublishedAt).toBe(w.afterStart);
  });

  it('serves an Atom feed of published agenda packs and minutes (RFC 4287: id, title, updated, link)', async () => {
    const res = await fetch(`${endpoints().app}/meetings.atom`, { headers: { 'x-scrutiny-now': w.after } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    for (const el of ['id', 'title', 'updated']) expect(xml).toMatch(new RegExp(`^  <${el}>[^<]+</${el}>$`, 'm'));
    const entries = [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]!);
    expect(entries.length).toBeLessThanOrEqual(50);
    for (const e of entries) for (const el of ['id', 'title', 'updated']) expect(e).toMatch(new RegExp(`<${el}>[^<]+</${el}>`));
    const ours = entries.filter((e) => e.includes(`/meetings/${w.held.id}`));
    expect(ours).toHaveLength(2);
    expect(ours.find((e) => e.includes('Draft minutes'))).toContain(`<link rel="alternate" type="text/html" href="${endpoints().app}/meetings/${w.held.id}/minutes"/>`);
    expect(ours.find((e) => e.includes('Agenda and papers'))).toMatch(/<updated>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z<\/updated>/);
    const updated = entries.map((e) => /<updated>([^<]+)</.exec(e)![1]!);
    expect(updated).toEqual([...updated].sort().reverse());
    // The pages point feed readers to it.
    expect((await page('/meetings', { now: w.after })).html).toContain('<link rel="alternate" type="application/atom+xml" href="/meetings.atom"');
  });
});

describe('the iCalendar feed, read with ical.js', () => {
  it('has a VTIMEZONE for Europe/London, resolves DTSTART in summer and winter, marks cancelled and held meetings', async () => {
    const year = uniqueTuesday().slice(0, 4);
    // The first Tuesday of July and of January in that year: BST and GMT.
    const tuesday = (month: string) => {
      const d = new Date(`${year}-${month}-01T00:00:00Z`);
      d.setUTCDate(1 + ((2 - d.getUTCDay() + 7) % 7));
      return d.toISOString().slice(0, 10);
    };
    const now = `${year}-01-01T09:00:00.000Z`;
    const summer = await meeting({ start: `${tuesday('07')}T14:00`, title: 'Community Outcomes Meeting (summer)' }, now);
    const winter = await meeting({ start: `${tuesday('01')}T14:00`, title: 'Community Outcomes Meeting (winter)' }, `${Number(year) - 1}-12-01T09:00:00.000Z`);
    const cancelled = await meeting({ start: `${tuesday('07')}T10:00`, title: 'Community Outcomes Meeting (cancelled)' }, now);
    expect((await api('POST', `/api/meetings/${cancelled.id}/cancel`, { version: 1, reason: 'Unwell', questions: 'close' }, { now })).status).toBe(200);
    await publishMinutes(winter.id, { status: 'approved', notes: {}, at: `${tuesday('01')}T18:00:00.000Z` });

    const res = await fetch(`${endpoints().app}/meetings.ics`, { headers: { 'x-scrutiny-now': `${year}-02-01T09:00:00.000Z` } });
    expect(res.status).toBe(200);
    const ics = await res.text();
    expect(ics).not.toMatch(/^TIMEZONE-ID/m);
    const cal = new ICAL.Component(ICAL.parse(ics));
    const zones = cal.getAllSubcomponents('vtimezone');
    expect(zones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/London']);
    // Resolve each event's times through the feed's own VTIMEZONE (registered from the file, not our code).
    ICAL.TimezoneService.register(new ICAL.Timezone(zones[0]!));
    const events = new Map(cal.getAllSubcomponents('vevent').map((v) => [String(v.getFirstPropertyValue('uid')).split('@')[0], new ICAL.Event(v)]));
    const utc = (id: string) => events.get(id)!.startDate.toJSDate().toISOString();
    expect(events.get(summer.id)!.startDate.zone?.tzid).toBe('Europe/London');
    expect(utc(summer.id)).toBe(`${tuesday('07')}T13:00:00.000Z`); // 14:00 BST
    expect(utc(winter.id)).toBe(`${tuesday('01')}T14:00:00.000Z`); // 14:00 GMT
    expect(events.get(cancelled.id)!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(events.get(summer.id)!.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(String(events.get(winter.id)!.description)).toContain(`/meetings/${winter.id}/minutes`);
    expect(String(events.get(winter.id)!.description)).toContain('This meeting took place.');
  });
});
