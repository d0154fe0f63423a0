/**
 * The public question form over real HTTP against the local stack: the form, validation, the
 * question window, idempotent retries, the honeypot, the rate limit, escaping and header safety,
 * the acknowledgement email (read back from the SES emulator) and the deletion link.
 */
import { describe, expect, it } from 'vitest';
import { api, emails, mailTo, page, postForm } from '../../support/http.js';
import { addDays } from '../../../shared/domain/time.js';
import { text } from '../../support/html.js';
import { clockBefore } from '../../support/fixtures.js';
import { ask, asker, formFields, formKey, openMeeting, question, questions, review, submit } from './helpers.js';
import { call, privateStack, staffToken } from '../../support/world.js';

/** Tuesdays in a year no other test file uses, so "the next open meeting" is ours to predict. */
let week = Math.floor(Math.random() * 10) * 4;
function isolatedTuesday(): string {
  const first = Date.UTC(2037, 0, 6); // a Tuesday
  const date = new Date(first + week * 7 * 86_400_000).toISOString().slice(0, 10);
  week += 4;
  return date;
}

describe('the question form', () => {
  it('shows every field, the word limit, the privacy link and a hidden honeypot', async () => {
    const om = await openMeeting();
    const res = await page(`/meetings/${om.meeting.id}/questions/new`, { now: om.now });
    expect(res.status).toBe(200);
    const t = text(res.html);
    for (const label of ['Your name', 'Email address', 'Where do you live?', 'Bradford', 'Calderdale', 'Kirklees', 'Leeds', 'Wakefield', 'Outside West Yorkshire', 'Your question', 'Publish my name with my question']) {
      expect(t).toContain(label);
    }
    expect(res.html).toContain('data-module="govuk-character-count"');
    expect(res.html).toContain('data-maxwords="150"');
    expect(t).toContain('You can enter up to 150 words');
    expect(res.html).toContain('href="/privacy"');
    expect(res.html).toMatch(/<input type="hidden" name="idempotencyKey" value="[A-Za-z0-9_-]{24}">/);
    // The honeypot: visually hidden (not display:none), labelled, out of the tab order, no autofill.
    const honeypot = /<div class="govuk-visually-hidden">([\s\S]*?)<\/div>\s*<\/div>/.exec(res.html)?.[1] ?? '';
    expect(honeypot).toContain('Leave this field empty');
    expect(honeypot).toMatch(/<input[^>]*name="website"[^>]*>/);
    expect(honeypot).toContain('tabindex="-1"');
    expect(honeypot).toContain('autocomplete="off"');
    expect(t).toContain('Questions close at 11:59pm on');

    const privacy = await page('/privacy');
    expect(privacy.status).toBe(200);
    expect(text(privacy.html)).toContain('We delete your name and email address 12 months after the meeting');
    expect(text(privacy.html)).toContain('We never publish your email address');
    // The API's access logs hold the client address for their 90 days (infra/stack.ts): the notice says so.
    expect(text(privacy.html)).toContain('These logs are kept for 90 days and then deleted');

    expect((await page('/meetings/01J0000000000000000000000Z/questions/new', { now: om.now })).status).toBe(404);
  });

  it('validates every field with the GOV.UK error summary, keeps what was typed, and stores nothing', async () => {
    const om = await openMeeting();
    const key = await formKey(om.meeting.id, om.now);
    const res = await postForm(`/meetings/${om.meeting.id}/questions`, { idempotencyKey: key, name: '', email: 'not an email', question: '', website: '' }, { now: om.now });
    expect(res.status).toBe(400);
    expect(res.html).toContain('<title>Error: Ask a question');
    expect(res.html).toContain('govuk-error-summary');
    const links = [...res.html.matchAll(/<a href="#([\w-]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['name', 'Enter your name'],
      ['email', 'Enter your email address in the correct format, like name@example.org'],
      ['district', 'Select where you live'],
      ['question', 'Enter your question'],
    ]);
    expect(res.html).toContain('value="not an email"');
    expect(res.html).toContain(`value="${key}"`);

    const tooLong = await postForm(
      `/meetings/${om.meeting.id}/questions`,
      formFields(asker({ question: Array(151).fill('word').join(' ') }), key),
      { now: om.now },
    );
    expect(tooLong.status).toBe(400);
    expect(text(tooLong.html)).toContain('Your question must be 150 words or fewer');
    expect(await questions(om.meeting.id)).toEqual([]);
  });

  it('confirms with a readable reference and emails the reference, the meeting details and the link, never what was typed', async () => {
    const om = await openMeeting();
    const first = await ask(om, { question: 'Will the A62 get average speed cameras?\nAnd when?', publishName: true });
    const second = await ask(om);
    const day = om.date.replace(/-/g, '');
    expect([first.reference, second.reference]).toEqual([`COM-${day}-001`, `COM-${day}-002`]);
    expect(first.question).toMatchObject({ status: 'submitted', district: 'Kirklees', publishName: true, text: 'Will the A62 get average speed cameras?\nAnd when?' });
    expect(first.question.submitter).toMatchObject({ name: 'Jane Example', email: first.asker.email });
    expect(first.question).not.toHaveProperty('forgetHash');

    const [mail] = await mailTo(first.asker.email);
    expect(await emails(first.asker.email)).toHaveLength(1);
    expect(mail!.subject).toContain(first.reference);
    const body = mail!.body.text!;
    // Issue 14 §3: not the question, not the name (the link shows the question to its submitter).
    expect(body).not.toContain('Will the A62');
    expect(`${body}${mail!.body.html}${mail!.destination.to[0]}`).not.toContain('Jane Example');
    expect(mail!.destination.to).toEqual([first.asker.email]);
    expect(body).toContain(first.reference);
    expect(body).toMatch(/When: Tuesday \d+ \w+ \d{4} at 2pm \(London time\)/);
    expect(body).toContain('Where: Wellington House, Wakefield');
    expect(body).toContain('Livestream: https://example.org/live');
    expect(body).toMatch(/\/questions\/[0-9A-Z]{26}\/forget\/[A-Za-z0-9_-]{43}/);
    expect(mail!.body.html).not.toContain('Will the A62');
  });

  it('says when questions have closed and points to the next meeting; the post is refused', async () => {
    const date = isolatedTuesday();
    const closed = await openMeeting({ date });
    const next = await openMeeting({ date: addDays(date, 14) });
    const after = new Date(Date.parse(`${addDays(date, -6)}T00:00:30Z`)).toISOString(); // the deadline was 7 days before, London time
    const form = await page(`/meetings/${closed.meeting.id}/questions/new`, { now: after });
    expect(form.status).toBe(200);
    const t = text(form.html);
    expect(t).toContain('Questions for this meeting have closed');
    expect(form.html).not.toContain('name="question"');
    expect(form.html).toContain(`href="/meetings/${next.meeting.id}/questions/new"`);
    // The "ask a question" page picks that next meeting too.
    const pick = await page('/questions', { now: after });
    expect(pick.html).toContain(`action="/meetings/${next.meeting.id}/questions"`);
    const before = await page('/questions', { now: clockBefore(date, 12, 9) });
    expect(before.html).toContain(`action="/meetings/${closed.meeting.id}/questions"`);

    const key = await formKey(next.meeting.id, after);
    const lateAsker = asker({ question: 'Why did the A62 speed cameras take so long? <b>really</b>' });
    const late = await postForm(`/meetings/${closed.meeting.id}/questions`, formFields(lateAsker, key), { now: after });
    expect(late.status).toBe(409);
    expect(text(late.html)).toContain('Questions for this meeting have closed');
    // The typed question is shown back, escaped, so it is not lost (issue 14 §5).
    expect(text(late.html)).toContain('Your question was not sent');
    expect(late.html).toContain('Why did the A62 speed cameras take so long? &lt;b&gt;really&lt;/b&gt;');
    expect(await questions(closed.meeting.id)).toEqual([]);
  });

  it('takes no questions for a cancelled or a held meeting', async () => {
    for (const [status, heading] of [['cancelled', 'This meeting has been cancelled'], ['held', 'This meeting has taken place']] as const) {
      const om = await openMeeting();
      const key = await formKey(om.meeting.id, om.now);
      const changed =
        status === 'cancelled'
          ? await api('POST', `/api/meetings/${om.meeting.id}/cancel`, { version: 1, reason: 'The commissioner is unwell', questions: 'close' }, { now: om.now })
          : await api('PATCH', `/api/meetings/${om.meeting.id}`, { version: 1, status }, { now: om.now });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      const form = await page(`/meetings/${om.meeting.id}/questions/new`, { now: om.now });
      expect(text(form.html)).toContain(heading);
      expect(form.html).not.toContain('name="question"');
      const a = asker();
      const res = await postForm(`/meetings/${om.meeting.id}/questions`, formFields(a, key), { now: om.now });
      expect(res.status).toBe(409);
      expect(text(res.html)).toContain(heading);
      expect(await questions(om.meeting.id)).toEqual([]);
      expect(await emails(a.email)).toEqual([]);
    }
  });

  it('makes one question and one email of a refresh, a double click or a retry; an edited resend is a new question', async () => {
    const om = await openMeeting();
    const a = asker();
    const key = await formKey(om.meeting.id, om.now);
    const post = () => postForm(`/meetings/${om.meeting.id}/questions`, formFields(a, key), { now: om.now });
    const first = await post();
    expect(first.status).toBe(200);
    const ref = /id="reference">([^<]+)</.exec(first.html)![1];
    // A refresh (sequential repeats) and a double click (concurrent repeats).
    const repeats = [await post(), ...(await Promise.all([post(), post(), post()]))];
    for (const r of repeats) {
      expect(r.status).toBe(200);
      expect(/id="reference">([^<]+)</.exec(r.html)![1]).toBe(ref);
    }
    expect(await questions(om.meeting.id)).toHaveLength(1);
    await mailTo(a.email);
    await new Promise((r) => setTimeout(r, 200));
    expect(await emails(a.email)).toHaveLength(1);

    // A double click on a fresh form: concurrent first posts still make one question.
    const b = asker();
    const key2 = await formKey(om.meeting.id, om.now);
    const both = await Promise.all([1, 2, 3].map(() => postForm(`/meetings/${om.meeting.id}/questions`, formFields(b, key2), { now: om.now })));
    const refs = new Set(both.map((r) => /id="reference">([^<]+)</.exec(r.html)?.[1]));
    expect(both.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(refs.size).toBe(1);
    expect(await questions(om.meeting.id)).toHaveLength(2);
    await mailTo(b.email);
    await new Promise((r) => setTimeout(r, 200));
    expect(await emails(b.email)).toHaveLength(1);

    // Back, edit, send again: the same key with another question is a second question.
    const edited = await postForm(`/meetings/${om.meeting.id}/questions`, formFields({ ...a, question: `${a.question} (edited)` }, key), { now: om.now });
    expect(/id="reference">([^<]+)</.exec(edited.html)![1]).not.toBe(ref);
    expect(await questions(om.meeting.id)).toHaveLength(3);
    expect(await mailTo(a.email, 2)).toHaveLength(2);
  });

  it('refuses a post without the form’s key', async () => {
    const om = await openMeeting();
    const res = await postForm(`/meetings/${om.meeting.id}/questions`, { ...formFields(asker(), ''), idempotencyKey: '' }, { now: om.now });
    expect(res.status).toBe(400);
    expect(text(res.html)).toContain('reload the page');
  });

  it('answers a filled honeypot as if all went well, but stores and sends nothing', async () => {
    const om = await openMeeting();
    const a = asker();
    const res = await submit(om.meeting.id, a, om.now, { extra: { website: 'https://cheap-pills.example.com' } });
    expect(res.status).toBe(200);
    expect(text(res.html)).toContain('Question received');
    expect(res.reference).toBeUndefined();
    expect(await questions(om.meeting.id)).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    expect(await emails(a.email)).toEqual([]);
  });

  it('limits each address to 5 questions an hour, with a clear 429 page', async () => {
    const om = await openMeeting();
    const hour = om.now.slice(0, 13);
    const at = (minute: number) => `${hour}:${String(minute).padStart(2, '0')}:00.000Z`;
    for (let i = 0; i < 5; i++) {
      const res = await submit(om.meeting.id, asker(), at(i * 10));
      expect(res.status, text(res.html).slice(0, 300)).toBe(200);
    }
    const sixth = asker();
    const refused = await submit(om.meeting.id, sixth, at(55));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('300');
    const t = text(refused.html);
    expect(t).toContain('You have sent too many questions');
    expect(t).toContain('up to 5 questions an hour');
    expect(t).toContain(sixth.question);
    expect(await questions(om.meeting.id)).toHaveLength(5);
    expect(await emails(sixth.email)).toEqual([]);
    // The next hour is a new window.
    const later = new Date(Date.parse(at(0)) + 3_600_000).toISOString();
    expect((await submit(om.meeting.id, sixth, later)).status).toBe(200);
  });

  it('stores text as typed, escapes it everywhere, and never lets a name reach an email', async () => {
    const om = await openMeeting();
    const victim = `victim.${Date.now().toString(36)}@example.org`;
    const typed = 'Is <script>alert("x")</script> & "quoted" text safe?\nSecond line';
    const { asker: a, question: q, reference } = await ask(om, { name: `Eve\r\nBcc: ${victim}\r\nSubject: spam`, question: typed });
    expect(q.text).toBe(typed);
    expect(q.submitter.name).toBe(`Eve\r\nBcc: ${victim}\r\nSubject: spam`);

    const conf = await submit(om.meeting.id, a, om.now); // a new form: a second question with the same text
    expect(conf.html).not.toContain('<script>alert');
    expect(conf.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot; text safe?<br />');

    // Both questions are acknowledged (the outbox may send the two in either order): the first one's.
    const mail = (await mailTo(a.email, 2)).find((m) => m.subject.includes(reference));
    // The acknowledgement goes to the address alone: neither the typed name nor the question is in it.
    expect(mail!.destination.to).toEqual([a.email]);
    expect(mail!.destination.bcc).toEqual([]);
    expect(mail!.destination.cc).toEqual([]);
    expect(mail!.subject).toContain(reference);
    expect(mail!.subject).not.toContain('spam');
    expect(`${mail!.body.html}${mail!.body.text}`).not.toMatch(/script|Eve\b|quoted/);
    const recipient = (d: string) => /<([^<>]+)>$/.exec(d)?.[1] ?? d;
    const all = await emails();
    expect(all.some((e) => [...e.destination.to, ...e.destination.cc, ...e.destination.bcc].some((d) => recipient(d) === victim))).toBe(false);
  });

  it('deletes the name and email now from the link in the email, keeping the question', async () => {
    const om = await openMeeting();
    const { asker: a, question: q } = await ask(om, { publishName: true });
    const [mail] = await mailTo(a.email);
    const link = /http:\/\/localhost:\d+(\/questions\/[0-9A-Z]{26}\/forget\/[A-Za-z0-9_-]{43})/.exec(mail!.body.text!)![1]!;
    expect(link).toContain(q.id);

    const confirm = await page(link);
    expect(confirm.status).toBe(200);
    expect(text(confirm.html)).toContain('Delete your name and email address');
    expect(text(confirm.html)).toContain(a.question);
    expect((await question(om.meeting.id, q.id)).submitter).not.toBeNull();
    expect((await page(`${link.slice(0, -3)}abc`)).status).toBe(404);

    const done = await postForm(link, {});
    expect(done.status).toBe(200);
    expect(text(done.html)).toContain('Your name and email address have been deleted');
    const after = await question(om.meeting.id, q.id);
    expect(after.submitter).toBeNull();
    expect(after).toMatchObject({ text: a.question, district: 'Kirklees', status: 'submitted' });
    expect(text((await page(link)).html)).toContain('have been deleted');

    // Without an address nobody is emailed the outcome.
    const reviewed = await review(om.meeting.id, q.id, { version: q.version, outcome: 'accept' }, om.now);
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.emailing).toBe(false);
    expect(reviewed.body.question.emailError).toContain('personal data has been removed');
    expect(await emails(a.email)).toHaveLength(1);
  });
});

describe('the acknowledgement is no mail relay (issue 14 §3)', () => {
  it('acknowledges at most 3 questions a day to one address: a 4th is saved, its page says no email went, and a refresh sends none', async () => {
    const om = await openMeeting();
    const now = om.clock();
    const email = `many.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.org`;
    const posted: Awaited<ReturnType<typeof submit>>[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await submit(om.meeting.id, asker({ email, question: `Question ${i}: what is being done about speeding on the A62?` }), now);
      expect(res.status, text(res.html).slice(0, 300)).toBe(200);
      posted.push(res);
    }
    // Queued with the question: the page says it is on its way (not that it has gone).
    expect(text(posted[2]!.html)).toContain('We are sending you an email with your reference');
    expect(text(posted[3]!.html)).toContain('We have not emailed you about this question');
    expect(text(posted[3]!.html)).not.toContain('sending you an email');
    const saved = (await questions(om.meeting.id)).filter((q: any) => posted.some((p) => p.reference === q.reference));
    expect(saved).toHaveLength(4);
    expect(await mailTo(email, 3)).toHaveLength(3);
    // The same post again (a refresh): the same reference, still no email.
    const again = await postForm(`/meetings/${om.meeting.id}/questions`, formFields(asker({ email, question: 'Question 3: what is being done about speeding on the A62?' }), posted[3]!.key), { now });
    expect(/id="reference">([^<]+)</.exec(again.html)?.[1]).toBe(posted[3]!.reference);
    expect(text(again.html)).toContain('We have not emailed you about this question');
    expect(await emails(email)).toHaveLength(3);
    // A refresh of a question whose acknowledgement has gone says so.
    const first = await postForm(`/meetings/${om.meeting.id}/questions`, formFields(asker({ email, question: 'Question 0: what is being done about speeding on the A62?' }), posted[0]!.key), { now });
    expect(text(first.html)).toContain('We have sent you an email with your reference');
  });

  it('sends at most QUESTION_ACKS_PER_HOUR acknowledgements an hour to everyone; beyond it questions are saved and acknowledged on the page', async () => {
    const stack = await privateStack({ QUESTION_ACKS_PER_HOUR: '2', QUESTION_RATE_LIMIT_PER_HOUR: '100' });
    try {
      const token = await staffToken();
      const date = isolatedTuesday();
      const now = clockBefore(date);
      const created = await call(stack.app, { method: 'POST', path: '/api/meetings', token, now, json: { start: `${date}T14:00`, place: 'Wellington House, Wakefield' } });
      expect(created.status).toBe(201);
      const meetingId = created.json.id as string;
      const outcomes: string[] = [];
      const addresses: string[] = [];
      for (let i = 0; i < 3; i++) {
        const form = await call(stack.app, { method: 'GET', path: `/meetings/${meetingId}/questions/new`, now });
        const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1]!;
        const a = asker();
        addresses.push(a.email);
        const res = await call(stack.app, { method: 'POST', path: `/meetings/${meetingId}/questions`, now, form: formFields(a, key) });
        expect(res.status).toBe(200);
        outcomes.push(text(res.text).includes('We have not emailed you') ? 'not emailed' : 'emailed');
      }
      expect(outcomes).toEqual(['emailed', 'emailed', 'not emailed']);
      expect(await mailTo(addresses[1]!)).toHaveLength(1);
      expect(await emails(addresses[2]!)).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});
