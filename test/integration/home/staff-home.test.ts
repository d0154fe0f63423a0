/**
 * The staff home's figures against the data of a cycle made through the API, the author's link and
 * the public question form, read at three clock moments with the cycle's own events between them
 * (papers submitted on time and late, one accepted). The table is shared with other test files, so
 * the cycle sits on a unique date (from 2040) and the checks find this cycle's rows by id; where a
 * figure counts every meeting (the totals), it is checked against the rows the page itself lists.
 * Also: sorting and the overdue filter by links (no JavaScript), a bad query, and "Send a reminder
 * now" sending once per click (a repeated post sends nothing) and showing in the reminders log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, mailTo, emails, page, postForm, signIn } from '../../support/http.js';
import { clockBefore, people, topic, uniqueTuesday } from '../../support/fixtures.js';
import { linkFrom, PDF, submit } from '../../support/papers.js';
import { text } from '../../support/html.js';
import { asker, submit as ask } from '../questions/helpers.js';
import { addDays } from '../../../shared/domain/time.js';

const at = (date: string, time = '09:00') => `${date}T${time}:00Z`;

interface Row {
  id: string;
  state?: string;
  html: string;
  text: string;
}

/** The rows of a table on the home, by their id attribute (in page order). */
function rows(html: string, tableId: string): Row[] {
  const table = new RegExp(`<table class="govuk-table" id="${tableId}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr class="govuk-table__row" id="([^"]+)"(?: data-state="([^"]+)")?>([\s\S]*?)<\/tr>/g)].map((m) => ({
    id: m[1]!,
    state: m[2],
    html: m[3]!,
    text: text(m[3]!).trim(),
  }));
}

const count = (html: string, state: string) => Number(/(\d+) papers?/.exec(text(new RegExp(`<li id="count-${state}">([\\s\\S]*?)</li>`).exec(html)?.[1] ?? ''))?.[1]);

describe('the staff home', () => {
  let cookie: string;
  const date = uniqueTuesday();
  let meetingId: string;
  let previousId: string;
  let deadlines: { papersDue: string; agendaPublication: string; questionDeadline: string };
  const req: Record<'early' | 'onDay' | 'onTime' | 'late' | 'previous', { id: string; author: string; sponsor: string; link?: string }> = {} as never;
  let actionId: string;
  const home = async (now: string, query = '') => {
    const res = await page(`/staff${query}`, { cookie, now });
    expect(res.status, text(res.html).slice(0, 500)).toBe(200);
    return res.html;
  };

  beforeAll(async () => {
    cookie = await signIn();
    const made = async (path: string, body: unknown, now: string) => {
      const res = await api('POST', path, body, { now });
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(201);
      return res.body;
    };
    // The meeting (a unique Tuesday), planned 60 days ahead; its deadlines come from the API.
    const t0 = at(addDays(date, -60));
    const meeting = await made('/api/meetings', { start: `${date}T14:00`, place: 'Wellington House, Wakefield' }, t0);
    meetingId = meeting.id;
    deadlines = meeting.deadlines;
    const pd = deadlines.papersDue;
    // The meeting before it, on a Thursday 25 days before papers are due (no other test uses that
    // day), with a paper that never came and an action still open.
    const previous = await made('/api/meetings', { start: `${addDays(pd, -25)}T14:00`, place: 'Online' }, t0);
    previousId = previous.id;

    const request = async (m: string, dueDate: string) => {
      const t = await topic({}, t0);
      const { sponsor, author } = people();
      const r = await made(`/api/meetings/${m}/requests`, { topicId: t.id, sponsor, author, dueDate }, t0);
      return { id: r.id as string, author: author.email, sponsor: sponsor.email };
    };
    req.previous = await request(previousId, addDays(pd, -27));
    req.early = await request(meetingId, addDays(pd, -5));
    req.onDay = await request(meetingId, pd);
    req.onTime = await request(meetingId, pd);
    req.late = await request(meetingId, pd);
    for (const k of ['onTime', 'late'] as const) req[k].link = await linkFrom(req[k].author);

    const action = await made(`/api/meetings/${previousId}/actions`, { text: 'WYP to share the Op Snap figures', owner: 'WYP' }, at(addDays(pd, -24), '17:00'));
    actionId = action.id;

    // Three public questions, one of them reviewed (rejected): two wait for review.
    const asked: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await ask(meetingId, asker(), clockBefore(date, 60, 45));
      expect(res.status, text(res.html).slice(0, 300)).toBe(200);
      asked.push(res.reference!);
    }
    const list = await api('GET', `/api/meetings/${meetingId}/questions`);
    const first = list.body.questions.find((q: { reference: string }) => q.reference === asked[0]);
    const reviewed = await api('POST', `/api/meetings/${meetingId}/questions/${first.id}/review`, { version: first.version, outcome: 'reject', reason: 'named-individual' }, { now: at(addDays(pd, -20)) });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
  });

  it('8 days before papers are due: the early paper is due this week, the last meeting’s paper overdue, its action open', async () => {
    const pd = deadlines.papersDue;
    const html = await home(at(addDays(pd, -8)));
    const papers = rows(html, 'papers-table');
    const mine = (id: string) => papers.find((r) => r.id === `paper-${id}`);
    expect(mine(req.early.id)?.state).toBe('due-soon');
    expect(mine(req.early.id)?.text).toContain('3 days left');
    expect(mine(req.early.id)?.html).toContain('govuk-tag--orange');
    // The last meeting's paper (due 27 days before papers are due here) is 19 days overdue.
    expect(mine(req.previous.id)?.state).toBe('overdue');
    expect(mine(req.previous.id)?.text).toContain('19 days overdue');
    expect(mine(req.previous.id)?.html).toContain('govuk-tag--red');
    for (const r of [req.onDay, req.onTime, req.late]) expect(mine(r.id)).toBeUndefined();
    // Each row links to its request page, with both chase buttons.
    expect(mine(req.early.id)?.html).toContain(`href="/staff/meetings/${meetingId}/requests/${req.early.id}"`);
    expect(mine(req.early.id)?.html).toContain(`action="/staff/meetings/${meetingId}/requests/${req.early.id}/remind"`);
    expect(mine(req.early.id)?.html).toContain(`action="/staff/meetings/${meetingId}/requests/${req.early.id}/decision"`);
    // The totals are the rows listed, by state.
    for (const state of ['overdue', 'due-soon', 'late', 'waiting-decision']) expect(count(html, state), state).toBe(papers.filter((r) => r.state === state).length);

    const questions = rows(html, 'questions-table').find((r) => r.id === `questions-${meetingId}`);
    expect(questions?.text).toContain('2');
    expect(questions?.html).toContain(`href="/staff/meetings/${meetingId}/questions"`);
    // Questions close on the question deadline, so many days on.
    const closes = Math.round((Date.parse(deadlines.questionDeadline) - Date.parse(addDays(pd, -8))) / 86_400_000);
    expect(questions?.text).toContain(`closes in ${closes} days`);

    const action = rows(html, 'actions-table').find((r) => r.id === `action-${actionId}`);
    expect(action?.text).toContain('WYP to share the Op Snap figures');
    expect(action?.text).toContain('No target date');
    expect(action?.html).toContain(`href="/staff/meetings/${previousId}#action-${actionId}"`);

    const next = rows(html, 'deadlines-table').filter((r) => r.id.startsWith(`deadline-${meetingId}-`));
    expect(next.map((r) => r.id.replace(`deadline-${meetingId}-`, ''))).toEqual(['papers-due', 'agenda-publication', 'question-deadline']);
    expect(next[0]!.text).toContain('in 8 days');
    const pub = Math.round((Date.parse(deadlines.agendaPublication) - Date.parse(addDays(pd, -8))) / 86_400_000);
    expect(next[1]!.text).toContain(`in ${pub} days`);
  });

  it('the day after papers are due: three overdue, the one in on time waits for a decision', async () => {
    const pd = deadlines.papersDue;
    await submit(req.onTime.link!, PDF, at(addDays(pd, -2)));
    const html = await home(at(addDays(pd, 1)));
    const papers = rows(html, 'papers-table');
    const state = (id: string) => papers.find((r) => r.id === `paper-${id}`)?.state;
    expect([state(req.early.id), state(req.onDay.id), state(req.late.id), state(req.onTime.id), state(req.previous.id)]).toEqual([
      'overdue',
      'overdue',
      'overdue',
      'waiting-decision',
      'overdue',
    ]);
    const onTime = papers.find((r) => r.id === `paper-${req.onTime.id}`)!;
    expect(onTime.html).toContain('govuk-tag--green');
    expect(onTime.html).not.toContain('/remind"');
    expect(papers.find((r) => r.id === `paper-${req.onDay.id}`)?.text).toContain('1 day overdue');
    for (const s of ['overdue', 'due-soon', 'late', 'waiting-decision']) expect(count(html, s), s).toBe(papers.filter((r) => r.state === s).length);
    // Papers due has passed: the next deadlines start at agenda publication.
    const next = rows(html, 'deadlines-table').filter((r) => r.id.startsWith(`deadline-${meetingId}-`));
    expect(next.map((r) => r.id.replace(`deadline-${meetingId}-`, ''))).toEqual(['agenda-publication', 'question-deadline']);

    // Sorted by status: every overdue row before the rows waiting for a decision.
    const byStatus = rows(await home(at(addDays(pd, 1)), '?sort=status'), 'papers-table').map((r) => r.state);
    expect(byStatus.indexOf('waiting-decision')).toBeGreaterThan(byStatus.lastIndexOf('overdue'));
    // Sorted by meeting: the last meeting's paper before this meeting's.
    const byMeeting = rows(await home(at(addDays(pd, 1)), '?sort=meeting'), 'papers-table').map((r) => r.id);
    expect(byMeeting.indexOf(`paper-${req.previous.id}`)).toBeLessThan(byMeeting.indexOf(`paper-${req.early.id}`));
    // Overdue only: the same overdue rows, nothing else.
    const overdueOnly = rows(await home(at(addDays(pd, 1)), '?show=overdue'), 'papers-table');
    expect(overdueOnly.every((r) => r.state === 'overdue')).toBe(true);
    expect(overdueOnly.map((r) => r.id).sort()).toEqual(papers.filter((r) => r.state === 'overdue').map((r) => r.id).sort());
  });

  it('three days after: the late paper is in late, the accepted one gone', async () => {
    const pd = deadlines.papersDue;
    await submit(req.late.link!, PDF, at(addDays(pd, 2)));
    const accepted = await api('POST', `/api/meetings/${meetingId}/requests/${req.onTime.id}/accept`, undefined, { now: at(addDays(pd, 2), '10:00') });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const html = await home(at(addDays(pd, 3)));
    const papers = rows(html, 'papers-table');
    const state = (id: string) => papers.find((r) => r.id === `paper-${id}`)?.state;
    expect([state(req.early.id), state(req.onDay.id), state(req.late.id), state(req.onTime.id)]).toEqual(['overdue', 'overdue', 'late', undefined]);
    expect(papers.find((r) => r.id === `paper-${req.late.id}`)?.html).toContain('govuk-tag--orange');
    expect(papers.find((r) => r.id === `paper-${req.early.id}`)?.text).toContain('8 days overdue');
  });

  it('refuses a query it does not know, with a message', async () => {
    const res = await page('/staff?sort=author', { cookie, now: at(addDays(deadlines.papersDue, 1)) });
    expect(res.status).toBe(400);
    expect(text(res.html)).toContain('Sort by one of: due, meeting, status');
  });

  it('"Send a reminder now" sends one email per click, the sponsor copied in, and the reminders log shows it', async () => {
    const now = at(addDays(deadlines.papersDue, 3), '11:00');
    const html = await home(now);
    const row = rows(html, 'papers-table').find((r) => r.id === `paper-${req.onDay.id}`)!;
    const key = /name="key" value="([^"]+)"/.exec(row.html)![1]!;
    const path = `/staff/meetings/${meetingId}/requests/${req.onDay.id}/remind`;
    const first = await postForm(path, { key }, { cookie, now });
    expect(first.status).toBe(303);
    expect(first.location).toBe(`/staff?reminded=queued&request=${req.onDay.id}#papers`);
    // The same click again (a double click, a retried post): nothing more is sent.
    const again = await postForm(path, { key }, { cookie, now });
    expect(again.location).toBe(`/staff?reminded=already-sent&request=${req.onDay.id}#papers`);
    const [mail] = await mailTo(req.onDay.author, 1, /^Overdue: your paper/);
    expect(mail!.destination.cc.join()).toContain(req.onDay.sponsor);
    expect(mail!.body.text).toMatch(/\/papers\/[0-9A-Z]{26}\/[A-Za-z0-9_-]+/);
    await new Promise((r) => setTimeout(r, 300));
    expect((await emails(req.onDay.author)).filter((m) => /^Overdue: your paper/.test(m.subject))).toHaveLength(1);
    // The banner names the paper.
    expect(text((await home(now, `?reminded=queued&request=${req.onDay.id}`)))).toContain('Reminder for “');

    const logged = async () => {
      const log = await api('GET', `/api/meetings/${meetingId}/reminders`, undefined, { now });
      return log.body.log.filter((l: { kind: string; subjectId: string }) => l.kind === 'paper-now' && l.subjectId === req.onDay.id).map((l: { status: string; to: { email: string } }) => [l.status, l.to.email]);
    };
    await expect.poll(logged).toEqual([['sent', req.onDay.author]]);

    // A paper that is in needs no reminder: refused, nothing sent.
    const inAlready = await postForm(`/staff/meetings/${meetingId}/requests/${req.late.id}/remind`, { key: 'k'.repeat(24) }, { cookie, now });
    expect(inAlready.status).toBe(409);
    expect(text(inAlready.html)).toContain('is in: no reminder was sent');
    // A made-up key: the form is out of date.
    const bad = await postForm(path, { key: 'short' }, { cookie, now });
    expect(bad.status).toBe(400);
  });
});
