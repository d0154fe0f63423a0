/**
 * The office's side of public questions over real HTTP: each review outcome and its email (read
 * back from the SES emulator), grouping with one answer for the group, written and meeting answers
 * emailed once, the staff pages (without JavaScript), the CSV export, and the public meeting page
 * after the meeting.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, emails, endpoints, mailTo, page, postForm, signIn } from '../../support/http.js';
import { text } from '../../support/html.js';
import { answer, ask, openMeeting, question, questions, review } from './helpers.js';

let cookie: string;
beforeAll(async () => {
  cookie = await signIn();
});

/** A clock after the meeting started (meetings in these tests start at 14:00 London). */
const afterMeeting = (date: string) => `${date}T18:00:00.000Z`;

describe('reviewing questions', () => {
  it('accepts a question under the public questions item and tells the submitter', async () => {
    const om = await openMeeting();
    const { asker: a, question: q, reference } = await ask(om);
    const res = await review(om.meeting.id, q.id, { version: q.version, outcome: 'accept' }, om.clock());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.emailing).toBe(true);
    expect(res.body.question).toMatchObject({ status: 'accepted', review: { outcome: 'accept', by: 'engagement.manager@example.org' } });
    const view = await page(`/staff/meetings/${om.meeting.id}/questions`, { cookie, now: om.now });
    expect(text(view.html)).toContain('Agenda item Public questions');

    const mails = await mailTo(a.email, 2);
    expect(mails).toHaveLength(2);
    const accepted = mails.find((m) => m.subject.includes('accepted'))!;
    expect(accepted.subject).toBe(`Your question ${reference} has been accepted`);
    expect(accepted.body.text).toContain('under the agenda item "Public questions"');
    expect(accepted.body.text).toContain(a.question);
    expect(accepted.body.text).toContain('https://example.org/live');

    // The same outcome again (say, another agenda item) is not emailed again; a stale version is refused.
    const current = await question(om.meeting.id, q.id);
    const agenda = (await api('GET', `/api/meetings/${om.meeting.id}`)).body.agenda;
    const futureItems = agenda.find((i: { standing?: string }) => i.standing === 'future-items');
    const moved = await review(om.meeting.id, q.id, { version: current.version, outcome: 'accept', agendaItemId: futureItems.id }, om.clock());
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ emailing: false, question: { agendaItemId: futureItems.id } });
    const stale = await review(om.meeting.id, q.id, { version: current.version, outcome: 'reject', reason: 'repeat' }, om.clock());
    expect(stale.status).toBe(409);
    await new Promise((r) => setTimeout(r, 200));
    expect(await emails(a.email)).toHaveLength(2);
  });

  it('redirects with a note, and rejects with each standard reason, emailing the reason', async () => {
    const om = await openMeeting();
    const redirected = await ask(om);
    const note = 'An operational matter: passed to West Yorkshire Police Customer Service, who will reply to you.';
    const r = await review(om.meeting.id, redirected.question.id, { version: 1, outcome: 'redirect', note }, om.clock());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [, passedOn] = await mailTo(redirected.asker.email, 2);
    expect(passedOn!.subject).toBe(`Your question ${redirected.reference} has been passed on`);
    expect(passedOn!.body.text).toContain(note);

    const reasons: [string, string, string?][] = [
      ['not-a-question', 'It is not a question.'],
      ['named-individual', 'It is about a named individual.'],
      ['offensive', 'It is offensive or defamatory.'],
      ['repeat', 'It repeats a question that was answered recently.'],
      ['not-in-remit', 'It is not within the commissioner’s remit.'],
      ['other', 'Another reason', 'It concerns a case that is before the courts (sub judice).'],
    ];
    for (const [reason, says, detail] of reasons) {
      const { asker: a, question: q, reference } = await ask(om);
      const res = await review(om.meeting.id, q.id, { version: 1, outcome: 'reject', reason, ...(detail ? { note: detail } : {}) }, om.clock());
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.question).toMatchObject({ status: 'rejected', review: { reason } });
      const mail = (await mailTo(a.email, 2)).find((m) => m.subject.includes('cannot be taken'))!;
      expect(mail.subject, reason).toBe(`Your question ${reference} cannot be taken at the meeting`);
      expect(mail.body.text, reason).toContain(`Reason: ${says}`);
      if (detail) expect(mail.body.text).toContain(detail);
    }
    const other = await review(om.meeting.id, redirected.question.id, { version: 3, outcome: 'reject', reason: 'other' }, om.clock());
    expect(other.status).toBe(400);
    expect(other.body.issues).toContainEqual({ field: 'note', message: 'Enter the reason' });
  });

  it('groups similar questions: one answer on the lead, every submitter told once', async () => {
    const om = await openMeeting();
    const lead = await ask(om, { question: 'How many speeding fines were issued on the A62 last year?' });
    const second = await ask(om, { question: 'Is speeding on the A62 getting worse?' });
    const third = await ask(om, { question: 'What will stop speeding in Milnsbridge?' });
    expect((await review(om.meeting.id, lead.question.id, { version: 1, outcome: 'accept' }, om.clock())).status).toBe(200);
    // Grouping with a question that is not accepted is refused.
    const early = await review(om.meeting.id, second.question.id, { version: 1, outcome: 'group', leadId: third.question.id }, om.clock());
    expect(early.status).toBe(400);
    const g2 = await review(om.meeting.id, second.question.id, { version: 1, outcome: 'group', leadId: lead.question.id }, om.clock());
    expect(g2.status, JSON.stringify(g2.body)).toBe(200);
    // Grouping with a member of the group joins its lead.
    const g3 = await review(om.meeting.id, third.question.id, { version: 1, outcome: 'group', leadId: second.question.id }, om.clock());
    expect(g3.body.question).toMatchObject({ status: 'accepted', groupId: lead.question.id, review: { outcome: 'group' } });
    const grouped = (await mailTo(third.asker.email, 2)).find((m) => m.subject.includes('similar'))!;
    expect(grouped.body.text).toContain(`grouped with similar questions (with ${lead.reference})`);
    expect((await question(om.meeting.id, lead.question.id)).groupId).toBe(lead.question.id);

    // A lead with a group cannot be rejected; a member cannot be answered on its own.
    const leadNow = await question(om.meeting.id, lead.question.id);
    expect((await review(om.meeting.id, lead.question.id, { version: leadNow.version, outcome: 'reject', reason: 'repeat' }, om.clock())).status).toBe(409);
    const member = await question(om.meeting.id, second.question.id);
    const wrong = await answer(om.meeting.id, second.question.id, { version: member.version, mode: 'writing', text: 'x' }, om.clock());
    expect(wrong.status).toBe(409);
    expect(wrong.body.error).toContain(`record the answer there`);

    // The written answer, once, to all three.
    const text1 = 'Kirklees Council and West Yorkshire Police issued 1,204 fines on the A62 in 2047; average speed cameras go live in the spring.';
    const answered = await answer(om.meeting.id, lead.question.id, { version: leadNow.version, mode: 'writing', text: text1 }, om.clock());
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.emailing).toBe(3);
    for (const x of [lead, second, third]) {
      const mail = (await mailTo(x.asker.email, 3)).find((m) => m.subject.startsWith('The answer'))!;
      expect(mail.subject).toBe(`The answer to your question ${x.reference}`);
      expect(mail.body.text).toContain('Here is the written answer');
      expect(mail.body.text).toContain('answered together with similar questions');
      expect(mail.body.text).toContain(x.asker.question);
      expect(mail.body.text).toContain(text1);
    }
    // A corrected answer is stored but not sent again.
    const corrected = await question(om.meeting.id, lead.question.id);
    const again = await answer(om.meeting.id, lead.question.id, { version: corrected.version, mode: 'writing', text: `${text1} (corrected)` }, om.clock());
    expect(again.status).toBe(200);
    expect(again.body.emailing).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    for (const x of [lead, second, third]) expect((await emails(x.asker.email)).filter((m) => m.subject.startsWith('The answer'))).toHaveLength(1);
    const all = await questions(om.meeting.id);
    expect(all.filter((q) => q.answer)).toHaveLength(1);
    expect(all.every((q) => q.answerEmailedAt)).toBe(true);
  });

  it('records an answer given at the meeting with its livestream time, once the meeting has started', async () => {
    const om = await openMeeting();
    const { asker: a, question: q, reference } = await ask(om);
    await review(om.meeting.id, q.id, { version: 1, outcome: 'accept' }, om.clock());
    const current = await question(om.meeting.id, q.id);
    const tooSoon = await answer(om.meeting.id, q.id, { version: current.version, mode: 'meeting', text: 'Yes.' }, om.clock());
    expect(tooSoon.status).toBe(400);
    const res = await answer(om.meeting.id, q.id, { version: current.version, mode: 'meeting', text: 'The Chief Constable said yes.', livestreamAt: '1:02:30' }, afterMeeting(om.date));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.question.answer).toMatchObject({ mode: 'meeting', livestreamAt: 3750 });
    const mail = (await mailTo(a.email, 3)).find((m) => m.subject.startsWith('The answer'))!;
    expect(mail.subject).toBe(`The answer to your question ${reference}`);
    expect(mail.body.text).toContain('was answered at the Community Outcomes Meeting');
    expect(mail.body.text).toContain('1:02:30 into the livestream');
    expect(mail.body.text).toContain('The Chief Constable said yes.');
  });
});

describe('the staff pages (no JavaScript needed)', () => {
  it('shows the queue and takes reviews and answers from its forms, with the error summary on a mistake', async () => {
    const om = await openMeeting();
    const { question: q, reference } = await ask(om);
    const queue = await page(`/staff/meetings/${om.meeting.id}/questions`, { cookie, now: om.now });
    expect(queue.status).toBe(200);
    const t = text(queue.html);
    expect(t).toContain('To review (1)');
    expect(t).toContain(reference);
    expect(t).toContain(q.submitter.email);
    expect(queue.html).toContain(`action="/staff/meetings/${om.meeting.id}/questions/${q.id}/review"`);
    expect(queue.html).toContain(`href="/staff/meetings/${om.meeting.id}/questions.csv"`);
    expect((await page(`/staff/meetings/${om.meeting.id}/questions`)).status).toBe(303);

    const noOutcome = await postForm(`/staff/meetings/${om.meeting.id}/questions/${q.id}/review`, { version: '1' }, { cookie, now: om.now });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.html).toContain(`<a href="#outcome-${q.id}">Choose what to do with the question</a>`);
    const noReason = await postForm(`/staff/meetings/${om.meeting.id}/questions/${q.id}/review`, { version: '1', outcome: 'reject', reason: '' }, { cookie, now: om.now });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain(`<a href="#reason-${q.id}">Choose the reason for rejecting it</a>`);

    const accepted = await postForm(`/staff/meetings/${om.meeting.id}/questions/${q.id}/review`, { version: '1', outcome: 'accept', agendaItemId: '' }, { cookie, now: om.now });
    expect(accepted.status, accepted.html.slice(0, 300)).toBe(303);
    expect(accepted.location).toBe(`/staff/meetings/${om.meeting.id}/questions?done=${q.id}#question-${q.id}`);
    const after = await page(accepted.location!, { cookie, now: om.now });
    expect(text(after.html)).toContain(`${reference}: accepted`);
    expect(text(after.html)).toContain('Accepted (1)');

    const current = await question(om.meeting.id, q.id);
    const noText = await postForm(`/staff/meetings/${om.meeting.id}/questions/${q.id}/answer`, { version: String(current.version), mode: 'writing', text: '' }, { cookie, now: om.now });
    expect(noText.status).toBe(400);
    expect(noText.html).toContain(`<a href="#text-${q.id}">Enter the answer</a>`);
    const answered = await postForm(`/staff/meetings/${om.meeting.id}/questions/${q.id}/answer`, { version: String(current.version), mode: 'writing', text: 'A written answer.', livestreamAt: '' }, { cookie, now: om.now });
    expect(answered.status, text(answered.html).slice(0, 600)).toBe(303);
    expect((await question(om.meeting.id, q.id)).answer).toMatchObject({ mode: 'writing', text: 'A written answer.' });
  });

  it('exports a meeting’s questions as CSV, safe for spreadsheets', async () => {
    const om = await openMeeting();
    const tricky = await ask(om, { name: 'Smith, "Jo"', question: '=HYPERLINK("http://evil.example","click"), then "quotes", commas' });
    const plus = await ask(om, { question: '+44 is the code; -1 is not; @here' });
    await review(om.meeting.id, tricky.question.id, { version: 1, outcome: 'accept' }, om.clock());
    const res = await fetch(`${endpoints().app}/staff/meetings/${om.meeting.id}/questions.csv`, { headers: { cookie, 'x-scrutiny-now': om.now }, redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="questions-COM-${om.date}.csv"`);
    const body = await res.text();
    const lines = body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('"Reference","Submitted (London time)","Name","Email","District","Publish name","Question","Status","Outcome","Reason or note","Grouped with","Agenda item","Answered","Answer","Livestream time","Personal data"');
    expect(lines[1]).toContain(`"${tricky.reference}"`);
    expect(lines[1]).toContain('"Smith, ""Jo"""');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""click""), then ""quotes"", commas"`);
    expect(lines[1]).toContain(`"${tricky.asker.email}"`);
    expect(lines[1]).toContain('"accepted","accept"');
    expect(lines[1]).toContain('"Public questions"');
    expect(lines[2]).toContain(`"${plus.reference}"`);
    expect(lines[2]).toContain(`"'+44 is the code; -1 is not; @here"`);
    expect(lines).toHaveLength(4); // header, two rows, the final CRLF
    // Staff only.
    const anonymous = await fetch(`${endpoints().app}/staff/meetings/${om.meeting.id}/questions.csv`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
  });
});

describe('the public meeting page', () => {
  it('links to the form before the deadline, and after the meeting lists accepted questions and answers: names only with consent, never an email', async () => {
    const om = await openMeeting();
    const consented = await ask(om, { name: 'Jane Consenting', publishName: true, district: 'Calderdale' });
    const shy = await ask(om, { name: 'Sam Private', district: 'outside' });
    const rejected = await ask(om, { name: 'Rex Rejected', publishName: true });
    await review(om.meeting.id, consented.question.id, { version: 1, outcome: 'accept' }, om.clock());
    await review(om.meeting.id, shy.question.id, { version: 1, outcome: 'accept' }, om.clock());
    await review(om.meeting.id, rejected.question.id, { version: 1, outcome: 'reject', reason: 'offensive' }, om.clock());
    const lead = await question(om.meeting.id, consented.question.id);
    await answer(om.meeting.id, lead.id, { version: lead.version, mode: 'meeting', text: 'Answered: <b>yes</b>.', livestreamAt: '12:05' }, afterMeeting(om.date));

    const before = await page(`/meetings/${om.meeting.id}`, { now: om.now });
    expect(before.status).toBe(200);
    expect(before.html).toContain(`href="/meetings/${om.meeting.id}/questions/new"`);
    expect(before.html).not.toContain(consented.asker.question);

    const after = await page(`/meetings/${om.meeting.id}`, { now: afterMeeting(om.date) });
    expect(after.status).toBe(200);
    const t = text(after.html);
    expect(t).toContain('Questions from the public');
    expect(t).toContain(consented.asker.question);
    expect(t).toContain('Asked by Jane Consenting, Calderdale');
    expect(t).toContain(shy.asker.question);
    expect(t).toContain('Asked by a member of the public, Outside West Yorkshire');
    expect(t).toContain('Answer given at the meeting (12:05 into the livestream)');
    expect(after.html).toContain('Answered: &lt;b&gt;yes&lt;/b&gt;.');
    expect(t).toContain('The answer will be published here once it has been given.');
    expect(t).not.toContain('Sam Private');
    expect(t).not.toContain(rejected.asker.question);
    expect(t).not.toContain('Rex Rejected');
    // The one address a page shows is the organisation's own, in the beta banner's feedback link.
    expect(after.html.replaceAll('href="mailto:engagement.manager@example.org"', '')).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});
