/**
 * Cancelling a meeting (issue 12 §3), through its page with no JavaScript (plain form posts) and
 * through the API, against the local stack: requests withdrawn in the table with their topics back
 * on the forward plan, the author and the sponsor emailed once each, open questions moved to the
 * next meeting (on its queue, same reference, the deletion link still working) or closed with one
 * email each, the public page and the question form saying it is cancelled, a retried post sending
 * nothing more, a stale version refused (409), and a meeting too big for one transaction done whole.
 */
import { describe, expect, it } from 'vitest';
import { api, emails, FORGET_LINK, linkIn, mailTo, page, postForm, signIn } from '../../support/http.js';
import { clockBefore, daysBefore, meeting, people, topic, uniqueTuesday } from '../../support/fixtures.js';
import { text } from '../../support/html.js';
import { ask, asker, questions, review, submit } from '../questions/helpers.js';

const CANCELLED = /cancelled/i;
/** Every email to these people (other test files send mail at the same time). */
const mailOf = async (people: string[]) => (await Promise.all(people.map((p) => emails(p)))).flat().length;
/** The SES emulator stores a message as it is sent, after the reply: a moment for anything late to arrive. */
const settle = () => new Promise((r) => setTimeout(r, 750));

/** A meeting on a unique Tuesday with `requests` papers requested and `asked` open questions; the next meeting the day after. */
async function cycle(opts: { requests: number; asked: number; next?: boolean }) {
  const date = uniqueTuesday();
  const now = daysBefore(date, 40);
  const made = await meeting({ start: `${date}T14:00`, livestreamUrl: 'https://www.youtube.com/@WestYorkshireCA' }, now);
  const requested: { id: string; title: string; topicId: string; author: string; sponsor: string }[] = [];
  for (let i = 0; i < opts.requests; i++) {
    const t = await topic({}, now);
    const who = people();
    const res = await api('POST', `/api/meetings/${made.id}/requests`, { topicId: t.id, ...who }, { now });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    requested.push({ id: res.body.id, title: t.title, topicId: t.id, author: who.author.email, sponsor: who.sponsor.email });
  }
  const om = { meeting: made, date, now, clock: () => clockBefore(date, 30, 10) };
  const asked = [];
  for (let i = 0; i < opts.asked; i++) asked.push(await ask(om));
  // The next meeting: the day after, so no other test's meeting falls between them.
  const next = opts.next === false ? undefined : await meeting({ start: `${new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10)}T10:00` }, now);
  const view = await api('GET', `/api/meetings/${made.id}`, undefined, { now });
  return { meeting: made, date, now, requested, asked, next, version: view.body.meeting.version as number };
}

describe('cancelling a meeting through its page, without JavaScript', () => {
  it('withdraws the requests, moves the open questions to the next meeting, tells everyone once, and says so in public', async () => {
    const c = await cycle({ requests: 2, asked: 3 });
    const cookie = await signIn();
    const { now } = c;
    // A rejected question is done: it stays where it is, and its submitter hears nothing more.
    const rejected = c.asked[2]!;
    expect((await review(c.meeting.id, rejected.question.id, { version: rejected.question.version, outcome: 'reject', reason: 'not-a-question' }, now)).status).toBe(200);
    const version = (await api('GET', `/api/meetings/${c.meeting.id}`, undefined, { now })).body.meeting.version;

    // What will happen, before anything is done.
    const before = await page(`/staff/meetings/${c.meeting.id}/cancel`, { cookie, now });
    expect(before.status).toBe(200);
    const shown = text(before.html);
    for (const r of c.requested) expect(shown).toContain(r.title);
    expect(shown).toContain(`${c.asked[0]!.reference}: Waiting for review`);
    expect(shown).not.toContain(rejected.reference);
    expect(shown).toMatch(/Move them to the next meeting, on Wednesday \d+ \w+ \d{4} at 10(:00)?am/);
    // The staff meeting page links to it.
    expect((await page(`/staff/meetings/${c.meeting.id}`, { cookie, now })).html).toContain(`/staff/meetings/${c.meeting.id}/cancel`);

    // No reason: the form again, with the message on the field; nothing changed.
    const blank = await postForm(`/staff/meetings/${c.meeting.id}/cancel`, { version: String(version), reason: ' ', questions: 'redirect' }, { cookie, now });
    expect(blank.status).toBe(400);
    expect(text(blank.html)).toContain('Enter the reason for cancelling');
    // A page shown before someone else changed the meeting: 409, nothing changed.
    const stale = await postForm(`/staff/meetings/${c.meeting.id}/cancel`, { version: String(version - 1), reason: 'Unwell', questions: 'redirect' }, { cookie, now });
    expect(stale.status).toBe(409);
    expect(text(stale.html)).toMatch(/changed this meeting/);
    expect((await api('GET', `/api/meetings/${c.meeting.id}`, undefined, { now })).body.meeting.status).toBe('planned');

    const reason = 'The commissioner is unwell. The items will come to the next meeting.';
    const form = { version: String(version), reason, questions: 'redirect' };
    const done = await postForm(`/staff/meetings/${c.meeting.id}/cancel`, form, { cookie, now });
    expect(done.status, text(done.html).slice(0, 500)).toBe(303);
    expect(done.location).toBe(`/staff/meetings/${c.meeting.id}/cancel`);

    // The table: the meeting cancelled with its reason, every request withdrawn, their topics open again.
    const view = (await api('GET', `/api/meetings/${c.meeting.id}`, undefined, { now })).body;
    expect(view.meeting).toMatchObject({ status: 'cancelled', cancelledReason: reason, cancelledQuestions: 'redirect', questionsMovedTo: c.next!.id });
    expect(view.requests.map((r: any) => r.status)).toEqual(['withdrawn', 'withdrawn']);
    const topics = (await api('GET', '/api/topics')).body.topics;
    for (const r of c.requested) expect(topics.find((t: any) => t.id === r.topicId)).toMatchObject({ status: 'open' });
    expect(topics.find((t: any) => t.id === c.requested[0]!.topicId).requestId).toBeUndefined();

    // The author and the sponsor of each request: one email each, with the reason.
    for (const r of c.requested) {
      for (const to of [r.author, r.sponsor]) {
        const [mail] = await mailTo(to, 1, /^Meeting cancelled/);
        expect(mail!.body.text).toContain(reason);
        expect(mail!.body.text).toContain(r.title);
      }
    }
    // The open questions moved to the next meeting, keeping their ids and references; the rejected one stayed.
    const here = await questions(c.meeting.id);
    expect(here.map((q: any) => q.reference)).toEqual([rejected.reference]);
    const there = await questions(c.next!.id);
    for (const a of c.asked.slice(0, 2)) {
      expect(there.find((q: any) => q.id === a.question.id)).toMatchObject({ reference: a.reference, status: 'submitted', movedFrom: { meetingId: c.meeting.id } });
      const [mail] = await mailTo(a.asker.email, 1, /is cancelled/);
      expect(mail!.body.text).toContain('it has moved to the next meeting');
      expect(mail!.body.text).toContain(reason);
    }
    const queue = await page(`/staff/meetings/${c.next!.id}/questions`, { cookie, now });
    for (const a of c.asked.slice(0, 2)) expect(queue.html).toContain(a.reference);
    // The submitter's deletion link still finds the question where it now is.
    const [, qid, key] = await linkIn(c.asked[0]!.asker.email, FORGET_LINK);
    expect(qid).toBe(c.asked[0]!.question.id);
    expect((await page(`/questions/${qid}/forget/${key}`)).status).toBe(200);

    // What the cancellation did, with each email's state from its record.
    const after = text((await page(`/staff/meetings/${c.meeting.id}/cancel`, { cookie, now })).html);
    expect(after).toContain(`The meeting on`);
    expect(after).toContain(reason);
    expect(after.match(/Sent \w+day/g)?.length).toBe(2 * 2 + 2);
    expect(after).not.toContain('Finish the cancellation');

    // The public page says it is cancelled, why, and offers no livestream or question form.
    const pub = await page(`/meetings/${c.meeting.id}`, { now });
    expect(text(pub.html)).toContain('This meeting has been cancelled');
    expect(text(pub.html)).toContain(reason);
    expect(pub.html).not.toContain('Watch the livestream');
    expect(pub.html).not.toContain(`/meetings/${c.meeting.id}/questions/new`);
    // The question form refuses a new question, saying why.
    const formPage = await page(`/meetings/${c.meeting.id}/questions/new`, { now });
    expect(text(formPage.html)).toContain('This meeting has been cancelled');
    const late = await submit(c.meeting.id, asker(), now, { key: 'AAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(late.status).toBe(409);
    expect(text(late.html)).toContain(reason);
    // The meetings list shows the status.
    const listed = (await page('/staff/meetings', { cookie, now })).html;
    const row = new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*/staff/meetings/${c.meeting.id}"(?:(?!</tr>)[\\s\\S])*</tr>`).exec(listed)?.[0];
    expect(text(row ?? '')).toMatch(CANCELLED);

    // The same post again (a double click, a retry): nothing more is sent, nothing changes.
    const everyone = [...c.requested.flatMap((r) => [r.author, r.sponsor]), ...c.asked.map((a) => a.asker.email)];
    const count = await mailOf(everyone);
    const again = await postForm(`/staff/meetings/${c.meeting.id}/cancel`, form, { cookie, now });
    expect(again.status).toBe(303);
    await settle();
    expect(await mailOf(everyone)).toBe(count);
    for (const r of c.requested) expect(await emails(r.author)).toHaveLength(2); // the request, the cancellation
    expect((await api('GET', `/api/meetings/${c.meeting.id}`, undefined, { now })).body.meeting.version).toBe(view.meeting.version);
  });

  it('closes the open questions with one email each when asked to', async () => {
    const c = await cycle({ requests: 1, asked: 2, next: false });
    const cookie = await signIn();
    const reason = 'The venue is unavailable.';
    const done = await postForm(`/staff/meetings/${c.meeting.id}/cancel`, { version: String(c.version), reason, questions: 'close' }, { cookie, now: c.now });
    expect(done.status, text(done.html).slice(0, 500)).toBe(303);
    const list = await questions(c.meeting.id);
    expect(list.map((q: any) => q.status)).toEqual(['closed', 'closed']);
    for (const a of c.asked) {
      const [mail] = await mailTo(a.asker.email, 1, /is cancelled/);
      expect(mail!.body.text).toContain('it has been closed');
    }
    await settle();
    for (const a of c.asked) expect((await emails(a.asker.email)).filter((m) => /is cancelled/.test(m.subject))).toHaveLength(1);
    const queue = text((await page(`/staff/meetings/${c.meeting.id}/questions`, { cookie, now: c.now })).html);
    expect(queue).toContain('Closed when the meeting was cancelled (2)');
    const after = text((await page(`/staff/meetings/${c.meeting.id}/cancel`, { cookie, now: c.now })).html);
    expect(after).toContain(c.asked[0]!.reference);
  });
});

describe('POST /api/meetings/{id}/cancel', () => {
  it('is conditional on the version, answers what it did, and a second call sends nothing more', async () => {
    const c = await cycle({ requests: 1, asked: 1 });
    const url = `/api/meetings/${c.meeting.id}/cancel`;
    const body = { version: c.version, reason: 'Unwell', questions: 'redirect' };
    expect((await api('POST', url, { ...body, version: c.version + 1 }, { now: c.now })).status).toBe(409);
    expect((await api('POST', url, { ...body, questions: 'postpone' }, { now: c.now })).status).toBe(400);

    const res = await api('POST', url, body, { now: c.now });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ alreadyCancelled: false, meeting: { status: 'cancelled', cancelledReason: 'Unwell' } });
    expect(res.body.withdrawn).toHaveLength(1);
    // Each email is queued with the change (the outbox sends it): the answer says so, truthfully.
    // The answer is read after the change, so the outbox may already have claimed or sent one.
    const inOutbox = expect.stringMatching(/^(pending|sending|sent)$/);
    expect(res.body.withdrawn[0].emails.map((e: any) => e.purpose).sort()).toEqual(['cancel-author', 'cancel-sponsor']);
    expect(res.body.withdrawn[0].emails).toEqual([expect.objectContaining({ status: inOutbox }), expect.objectContaining({ status: inOutbox })]);
    expect(res.body.questions.moved).toEqual([expect.objectContaining({ reference: c.asked[0]!.reference, meetingId: c.next!.id, emails: [expect.objectContaining({ status: inOutbox })] })]);
    expect(res.body.questions.movedTo.id).toBe(c.next!.id);
    await mailTo(c.requested[0]!.author, 2);
    await settle();
    const everyone = [c.requested[0]!.author, c.requested[0]!.sponsor, c.asked[0]!.asker.email];
    const count = await mailOf(everyone);

    const again = await api('POST', url, body, { now: c.now });
    expect(again.status).toBe(200);
    expect(again.body.alreadyCancelled).toBe(true);
    expect(again.body.withdrawn).toHaveLength(1);
    await settle();
    expect(await mailOf(everyone)).toBe(count);
  });

  it('refuses a held meeting (409)', async () => {
    const c = await cycle({ requests: 0, asked: 0, next: false });
    const held = await api('PATCH', `/api/meetings/${c.meeting.id}`, { version: c.version, status: 'held' }, { now: c.now });
    expect(held.status).toBe(200);
    const res = await api('POST', `/api/meetings/${c.meeting.id}/cancel`, { version: held.body.version, reason: 'Unwell', questions: 'close' }, { now: c.now });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/has been held/);
  });

  it('handles a meeting too big for one transaction: 21 requests (105 items) and 20 questions (100 items) in several, all done, each email once', async () => {
    const c = await cycle({ requests: 21, asked: 20 });
    const res = await api('POST', `/api/meetings/${c.meeting.id}/cancel`, { version: c.version, reason: 'Unwell', questions: 'redirect' }, { now: c.now });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body.withdrawn).toHaveLength(21);
    expect(res.body.questions.moved).toHaveLength(20);
    const everyEmail = [...res.body.withdrawn.flatMap((r: any) => r.emails), ...res.body.questions.moved.flatMap((q: any) => q.emails)];
    expect(everyEmail).toHaveLength(62);
    // Queued with each transaction: this stack's outbox may have sent the first ones already.
    expect(everyEmail.every((e: any) => ['pending', 'sending', 'sent'].includes(e.status))).toBe(true);
    expect(await questions(c.meeting.id)).toEqual([]);
    expect((await questions(c.next!.id)).map((q: any) => q.reference).sort()).toEqual(c.asked.map((a) => a.reference).sort());
    await mailTo(c.asked[19]!.asker.email, 1, /is cancelled/);
    await settle();
    // Once the outbox has sent them, the cancellation (asked again: it answers what was done) says so for each.
    await expect
      .poll(async () => {
        const after = await api('POST', `/api/meetings/${c.meeting.id}/cancel`, { version: c.version, reason: 'Unwell', questions: 'redirect' }, { now: c.now });
        return [...after.body.withdrawn.flatMap((r: any) => r.emails), ...after.body.questions.moved.flatMap((q: any) => q.emails)].filter((e: any) => e.status !== 'sent').length;
      }, { timeout: 15_000 })
      .toBe(0);
    for (const r of c.requested.slice(0, 3)) expect((await emails(r.sponsor)).filter((m) => /^Meeting cancelled/.test(m.subject))).toHaveLength(1);
  });
});
