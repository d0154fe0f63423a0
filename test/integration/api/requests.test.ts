import { describe, expect, it } from 'vitest';
import { api, emails, mailTo } from '../../support/http.js';
import { meeting, people, topic } from '../../support/fixtures.js';

const NOW = '2021-11-01T09:00:00Z';

describe('report requests', () => {
  it('requests a paper: schedules the topic on the agenda and emails the author and the sponsor once each', async () => {
    const m = await meeting({ start: '2021-12-07T14:00' }, NOW);
    const t = await topic({ title: 'Road Safety', points: ['Update on Vision Zero', 'Impact of ANPR in West Yorkshire'] }, NOW);
    const { sponsor, author } = people();

    const res = await api('POST', `/api/meetings/${m.id}/requests`, { topicId: t.id, sponsor, author }, { now: NOW });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'requested', dueDate: '2021-11-15', points: t.points, timeliness: 'due', daysLeft: 14 });
    // Saved with its two emails queued in the outbox: the answer says they are on their way, not sent.
    expect(res.body).toMatchObject({ emailSending: true, requestEmails: [{ purpose: 'request-author', status: 'pending' }, { purpose: 'request-sponsor', status: 'pending' }] });
    expect(res.body.emailedAt).toBeUndefined();
    expect(res.body).not.toHaveProperty('linkHash');

    const [toAuthor] = await mailTo(author.email);
    const [toSponsor] = await mailTo(sponsor.email);
    expect(await emails(author.email)).toHaveLength(1);
    expect(await emails(sponsor.email)).toHaveLength(1);
    // Once sent, the request says so.
    const tracked = await api('GET', `/api/meetings/${m.id}/tracking`, undefined, { now: NOW });
    await expect.poll(async () => (await api('GET', `/api/meetings/${m.id}/tracking`, undefined, { now: NOW })).body.requests[0].emailedAt).toBeDefined();
    expect(tracked.status).toBe(200);
    for (const mail of [toAuthor!, toSponsor!]) {
      expect(mail.subject).toContain('Road Safety');
      expect(mail.body.text).toContain('Update on Vision Zero');
      expect(mail.body.text).toContain('Impact of ANPR in West Yorkshire');
      expect(mail.body.text).toContain('Monday 15 November 2021');
      expect(mail.body.text).toContain('Tuesday 7 December 2021 at 2pm');
      expect(mail.body.html).toContain('Update on Vision Zero');
    }
    const link = /http:\/\/localhost:\d+\/papers\/[0-9A-Z]{26}\/([A-Za-z0-9_-]{43})/.exec(toAuthor!.body.text!);
    expect(link, 'submission link with a 256-bit secret').not.toBeNull();
    expect(toSponsor!.body.text).toContain(link![0]);

    // The topic is scheduled on the meeting, and its agenda item sits before public questions.
    const view = await api('GET', `/api/meetings/${m.id}`, undefined, { now: NOW });
    const titles = view.body.agenda.map((a: { title: string }) => a.title);
    expect(titles.indexOf('Road Safety')).toBe(titles.indexOf('Public questions') - 1);
    const topics = await api('GET', '/api/topics');
    expect(topics.body.topics.find((x: { id: string }) => x.id === t.id)).toMatchObject({ status: 'scheduled', meetingId: m.id });
    // The secret is stored only as a hash: it appears nowhere in what the API returns.
    expect(JSON.stringify(view.body)).not.toContain(link![1]);
  });

  it('shows the tracking view: due, days left, overdue after the due date', async () => {
    const m = await meeting({ start: '2021-12-07T14:00' }, NOW);
    const [a, b] = [await topic({}, NOW), await topic({}, NOW)];
    await api('POST', `/api/meetings/${m.id}/requests`, { topicId: a.id, ...people() }, { now: NOW });
    await api('POST', `/api/meetings/${m.id}/requests`, { topicId: b.id, ...people(), dueDate: '2021-11-22' }, { now: NOW });

    const before = await api('GET', `/api/meetings/${m.id}/tracking`, undefined, { now: '2021-11-15T12:00:00Z' });
    expect(before.status).toBe(200);
    expect(before.body.requests.map((r: any) => [r.title, r.dueDate, r.timeliness, r.daysLeft])).toEqual([
      [a.title, '2021-11-15', 'due', 0],
      [b.title, '2021-11-22', 'due', 7],
    ]);
    const after = await api('GET', `/api/meetings/${m.id}/tracking`, undefined, { now: '2021-11-16T08:00:00Z' });
    expect(after.body.requests.map((r: any) => [r.timeliness, r.daysLeft])).toEqual([
      ['overdue', -1],
      ['due', 6],
    ]);
    expect(after.body.requests[0]).toMatchObject({ sponsor: { name: 'ACC Roads Policing' }, author: { name: 'Chief Inspector Roads' }, status: 'requested' });
    expect(after.body.meeting.deadlines.papersDue).toBe('2021-11-15');

    const unknown = await api('GET', '/api/meetings/01J0000000000000000000000Z/tracking');
    expect(unknown.status).toBe(404);
  });

  it('refuses a due date after the meeting, an unknown topic and a second request for the same topic, writing nothing', async () => {
    const m = await meeting({ start: '2021-12-07T14:00' }, NOW);
    const t = await topic({}, NOW);
    const late = await api('POST', `/api/meetings/${m.id}/requests`, { topicId: t.id, ...people(), dueDate: '2021-12-08' }, { now: NOW });
    expect(late.status).toBe(400);
    expect(late.body.error).toMatch(/before the meeting on Tuesday 7 December 2021/);
    const unknown = await api('POST', `/api/meetings/${m.id}/requests`, { topicId: '01J0000000000000000000000Z', ...people() }, { now: NOW });
    expect(unknown.status).toBe(404);
    const badEmail = await api('POST', `/api/meetings/${m.id}/requests`, { topicId: t.id, sponsor: { name: 'ACC', email: 'not-an-email' }, author: people().author }, { now: NOW });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.issues).toContainEqual({ field: 'sponsor.email', message: "Enter the sponsor's email address in the correct format, like name@example.org" });

    let view = await api('GET', `/api/meetings/${m.id}`, undefined, { now: NOW });
    expect(view.body.requests).toEqual([]);
    expect(view.body.agenda).toHaveLength(7);
    expect(view.body.meeting.version).toBe(1);

    expect((await api('POST', `/api/meetings/${m.id}/requests`, { topicId: t.id, ...people() }, { now: NOW })).status).toBe(201);
    const again = await api('POST', `/api/meetings/${m.id}/requests`, { topicId: t.id, ...people() }, { now: NOW });
    expect(again.status).toBe(409);
    view = await api('GET', `/api/meetings/${m.id}`, undefined, { now: NOW });
    expect(view.body.requests).toHaveLength(1);
  });

  it('re-issues the link (the old one is replaced) and withdraws a request, reopening its topic', async () => {
    const m = await meeting({ start: '2021-12-07T14:00' }, NOW);
    const t = await topic({}, NOW);
    const { sponsor, author } = people();
    const req = (await api('POST', `/api/meetings/${m.id}/requests`, { topicId: t.id, sponsor, author }, { now: NOW })).body;
    const resent = await api('POST', `/api/meetings/${m.id}/requests/${req.id}/send`, undefined, { now: '2021-11-02T09:00:00Z' });
    expect(resent.status).toBe(200);
    expect(resent.body.linkIssuedAt).toBe('2021-11-02T09:00:00.000Z');
    const links = (await mailTo(author.email, 2)).map((e) => /\/papers\/\S+/.exec(e.body.text!)![0]);
    expect(links).toHaveLength(2);
    expect(links[0]).not.toBe(links[1]);

    const withdrawn = await api('POST', `/api/meetings/${m.id}/requests/${req.id}/withdraw`, undefined, { now: NOW });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', timeliness: 'withdrawn', daysLeft: null });
    const topics = await api('GET', '/api/topics');
    expect(topics.body.topics.find((x: { id: string }) => x.id === t.id).status).toBe('open');
    const resendWithdrawn = await api('POST', `/api/meetings/${m.id}/requests/${req.id}/send`, undefined, { now: NOW });
    expect(resendWithdrawn.status).toBe(409);
  });

  it('refuses requests on a cancelled meeting', async () => {
    const m = await meeting({}, NOW);
    expect((await api('POST', `/api/meetings/${m.id}/cancel`, { version: 1, reason: 'The commissioner is unwell', questions: 'close' }, { now: NOW })).status).toBe(200);
    const t = await topic({}, NOW);
    const res = await api('POST', `/api/meetings/${m.id}/requests`, { topicId: t.id, ...people() }, { now: NOW });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/cancelled/);
  });
});

describe('agenda', () => {
  it('adds a topic without a paper, and reorders the agenda with version checks', async () => {
    const m = await meeting({}, NOW);
    const t = await topic({ title: 'Exception report' }, NOW);
    const added = await api('POST', `/api/meetings/${m.id}/agenda`, { version: 1, topicId: t.id }, { now: NOW });
    expect(added.status).toBe(201);
    const order: string[] = added.body.meeting.agendaOrder;
    expect(order).toHaveLength(8);

    const reversed = [...order].reverse();
    const res = await api('PUT', `/api/meetings/${m.id}/agenda`, { version: 2, order: reversed });
    expect(res.status).toBe(200);
    const view = await api('GET', `/api/meetings/${m.id}`);
    expect(view.body.agenda.map((a: { id: string }) => a.id)).toEqual(reversed);

    const stale = await api('PUT', `/api/meetings/${m.id}/agenda`, { version: 2, order });
    expect(stale.status).toBe(409);
    const missing = await api('PUT', `/api/meetings/${m.id}/agenda`, { version: 3, order: order.slice(1) });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/every agenda item/);
    expect((await api('GET', `/api/meetings/${m.id}`)).body.agenda.map((a: { id: string }) => a.id)).toEqual(reversed);
  });
});

describe('topics', () => {
  it('records where a topic came from, and refuses an unknown source meeting', async () => {
    const m = await meeting({}, NOW);
    const t = await topic({ title: 'Countering Terrorism', source: { kind: 'future-items', meetingId: m.id } }, NOW);
    expect(t).toMatchObject({ status: 'open', source: { kind: 'future-items', meetingId: m.id } });
    const bad = await api('POST', '/api/topics', { title: 'Safeguarding', source: { kind: 'future-items', meetingId: '01J0000000000000000000000Z' } });
    expect(bad.status).toBe(404);
    const closed = await api('PATCH', `/api/topics/${t.id}`, { version: 1, status: 'closed' });
    expect(closed.body.status).toBe('closed');
    const noTitle = await api('POST', '/api/topics', { points: ['x'] });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.error).toMatch(/Enter a title/);
  });
});
