/**
 * Moving a meeting through the API (PATCH /api/meetings/{id}, issue 12 §3): the same due-date moves
 * and emails as the edit page, `dueDates` to keep or set each, a retried PATCH that sends nothing
 * more, and a move too big for one transaction refused.
 */
import { describe, expect, it } from 'vitest';
import { api, mailTo } from '../../support/http.js';
import { deadlinesOf } from '../../../shared/domain/meetings.js';
import { defaultDeadlineSettings } from '../../../shared/domain/deadlines.js';
import { parseLondonLocal } from '../../../shared/domain/time.js';
import { addressesOf, cycle, moveMailCounts, plusDays } from './support.js';

const papersDueOf = (date: string) => deadlinesOf({ start: parseLondonLocal(`${date}T14:00`) }, defaultDeadlineSettings).papersDue;

describe('PATCH /api/meetings/{id} with a new start', () => {
  it('moves the due dates (each request’s choice, else the new papers-due date), emails everyone once, and answers a retry without emailing again', async () => {
    const c = await cycle({ requests: 2 });
    const [a, b] = c.requests;
    const newDate = plusDays(c.date, 14);
    const body = { version: c.version, start: `${newDate}T14:00`, dueDates: { [b!.id]: 'keep' } };
    const res = await api('PATCH', `/api/meetings/${c.meetingId}`, body, { now: c.now });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      startLocal: `${newDate}T14:00`,
      version: c.version + 1,
      deadlines: { papersDue: papersDueOf(newDate) },
      dueDates: [{ requestId: a!.id, title: a!.title, from: a!.dueDate, to: papersDueOf(newDate) }],
      // Queued with the move: none sent yet when the reply is made.
      emails: { recorded: 5, sent: 0, failed: 0 },
    });
    expect(res.body.warnings).toBeUndefined();
    const tracking = await api('GET', `/api/meetings/${c.meetingId}/tracking`);
    expect(Object.fromEntries(tracking.body.requests.map((r: { id: string; dueDate: string }) => [r.id, r.dueDate]))).toEqual({
      [a!.id]: papersDueOf(newDate),
      [b!.id]: b!.dueDate,
    });
    for (const address of addressesOf(c)) await mailTo(address, 1, /moved/i);

    // The same PATCH again (a client retrying after a lost reply): 200, no new change, no email again.
    const retry = await api('PATCH', `/api/meetings/${c.meetingId}`, body, { now: c.now });
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    // By now the outbox has sent them all, and the answer says so.
    expect(retry.body).toMatchObject({ version: c.version + 1, emails: { recorded: 5, failed: 0 } });
    await expect.poll(async () => (await api('PATCH', `/api/meetings/${c.meetingId}`, body, { now: c.now })).body.emails.sent).toBe(5);
    expect(await moveMailCounts(addressesOf(c))).toEqual(addressesOf(c).map(() => 1));

    // A different change on the old version is a conflict.
    const stale = await api('PATCH', `/api/meetings/${c.meetingId}`, { ...body, start: `${plusDays(c.date, 21)}T14:00` }, { now: c.now });
    expect(stale.status).toBe(409);
  });

  it('refuses a due date that would not be before the new meeting, or a request that is not the meeting’s, and changes nothing', async () => {
    const c = await cycle({ requests: 1, question: false });
    const [r] = c.requests;
    const newDate = plusDays(c.date, -35);
    const kept = await api('PATCH', `/api/meetings/${c.meetingId}`, { version: c.version, start: `${newDate}T14:00`, dueDates: { [r!.id]: 'keep' } }, { now: c.now });
    expect(kept.status).toBe(400);
    expect(kept.body.issues).toEqual([{ field: `dueDates.${r!.id}`, message: expect.stringContaining('which is not before the meeting') }]);
    const set = await api('PATCH', `/api/meetings/${c.meetingId}`, { version: c.version, start: `${newDate}T14:00`, dueDates: { [r!.id]: newDate } }, { now: c.now });
    expect(set.status).toBe(400);
    expect(set.body.error).toContain('must be before the meeting');
    const unknown = await api('PATCH', `/api/meetings/${c.meetingId}`, { version: c.version, start: `${newDate}T14:00`, dueDates: { '01ARZ3NDEKTSV4RRFFQ69G5FAV': 'keep' } }, { now: c.now });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('is not an active request of this meeting');
    const malformed = await api('PATCH', `/api/meetings/${c.meetingId}`, { version: c.version, start: `${newDate}T14:00`, dueDates: { [r!.id]: 'soon' } }, { now: c.now });
    expect(malformed.status).toBe(400);
    const after = await api('GET', `/api/meetings/${c.meetingId}/tracking`);
    expect(after.body.meeting.version).toBe(c.version);
    expect(after.body.requests[0].dueDate).toBe(r!.dueDate);
    expect(await moveMailCounts([r!.author.email])).toEqual([0]);
  });

  it('says when the new start is on a weekend, and accepts it all the same', async () => {
    const c = await cycle({ requests: 0, question: false });
    const saturday = plusDays(c.date, 4);
    const res = await api('PATCH', `/api/meetings/${c.meetingId}`, { version: c.version, start: `${saturday}T10:00` }, { now: c.now });
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([{ kind: 'weekend', message: expect.stringContaining('is a Saturday') }]);
  });

  it('refuses a move that would need more than 100 records in one transaction, saying what to do', async () => {
    // 25 requests: the meeting, 25 requests and their 25 history entries, 50 emails = 101 records.
    const c = await cycle({ requests: 25, question: false });
    const res = await api('PATCH', `/api/meetings/${c.meetingId}`, { version: c.version, start: `${plusDays(c.date, 14)}T14:00` }, { now: c.now });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('changes 101 records');
    expect(res.body.error).toContain('Keep more of the due dates, or withdraw requests first');
    // Keeping one request's date brings it to 99: then it goes.
    const fits = await api(
      'PATCH',
      `/api/meetings/${c.meetingId}`,
      { version: c.version, start: `${plusDays(c.date, 14)}T14:00`, dueDates: { [c.requests[0]!.id]: 'keep' } },
      { now: c.now },
    );
    expect(fits.status, JSON.stringify(fits.body).slice(0, 400)).toBe(200);
    expect(fits.body.dueDates).toHaveLength(24);
    expect(fits.body.emails.recorded).toBe(50);
  }, 120_000);
});
