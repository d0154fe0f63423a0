/**
 * Issue 13's "done when", end to end over HTTP on a private stack (its own table, so no other
 * test's 2021 meetings stand between September and December):
 * staff import the September 2021 seed minutes (the .docx) as a draft to approve at the next
 * meeting; run the 7 December 2021 meeting (a paper published in its agenda pack, a public question
 * answered, attendance, minutes with an action under an item and the future agenda items, published
 * as a draft); approve September's minutes at December's meeting; then a member of the public
 * starts at the home page and finds both meetings, their papers, minutes and answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, privateStack, staffToken, type Call, type PrivateStack } from '../../support/world.js';
import { FORGET_LINK, linkIn, uniqueEmail } from '../../support/http.js';
import { PDF, postToS3, uploadFormOf } from '../../support/papers.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const SEPTEMBER_DOCX = readFileSync(join(__dirname, '../../fixtures/minutes/com-2021-09-14-minutes-and-dec-2021-papers.docx'));
const ANSWER = 'Average speed cameras on the A62 are being assessed with Kirklees Council; a decision is expected in the spring.';

let stack: PrivateStack;
let token: string;

beforeAll(async () => {
  stack = await privateStack();
  token = await staffToken();
});
afterAll(() => stack?.close());

/** A staff API call that must answer `status`: its JSON. */
async function ok(c: Call, status = 200) {
  const res = await call(stack.app, { token, ...c });
  expect(res.status, `${c.method} ${c.path}: ${res.text.slice(0, 400)}`).toBe(status);
  return res.json;
}
/** A public page: its HTML (status 200). */
async function publicPage(path: string, now: string) {
  const res = await call(stack.app, { method: 'GET', path, now });
  expect(res.status, `${path}: ${res.text.slice(0, 300)}`).toBe(200);
  return res.text;
}
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('issue 13, done when: import September 2021, run December 2021, approve September there, the public finds both', () => {
  it('works from the import to the public archive', async () => {
    // ---- 1. Import the September 2021 minutes (.docx) as a draft, to be approved at the next meeting ----
    const imported = await fetch(`${stack.app}/api/minutes/imports`, {
      method: 'POST',
      body: new Uint8Array(SEPTEMBER_DOCX),
      headers: { 'content-type': DOCX_TYPE, authorization: `Bearer ${token}`, 'x-scrutiny-now': '2021-10-01T09:00:00Z' },
    });
    expect(imported.status).toBe(200);
    const { importKey, proposal } = (await imported.json()) as any;
    expect(proposal).toMatchObject({ date: '2021-09-14', startTime: '15:00' });
    const september = await ok(
      {
        method: 'POST',
        path: '/api/minutes/imports/confirm',
        now: '2021-10-01T09:00:00Z',
        json: { importKey, title: proposal.title, date: proposal.date, startTime: proposal.startTime, place: 'Wellington House, Wakefield', status: 'published-draft', attendance: proposal.attendance, items: proposal.items, futureItems: proposal.futureItems },
      },
      201,
    );
    expect(september).toMatchObject({ status: 'held', minutesStatus: 'published-draft' });

    // ---- 2. The December meeting: a paper in its agenda pack, a public question answered ----
    const december = await ok({ method: 'POST', path: '/api/meetings', now: '2021-10-01T09:00:00Z', json: { start: '2021-12-07T14:00', place: 'Wellington House, Wakefield', livestreamUrl: 'https://www.youtube.com/@WestYorkshireCA' } }, 201);
    // September's future items are on the forward plan; Road Safety is taken for December.
    const topics = (await ok({ method: 'GET', path: '/api/topics', now: '2021-10-01T09:00:00Z' })).topics as any[];
    const roadSafety = topics.find((t) => t.title === 'Road Safety' && t.source.kind === 'future-items' && t.source.meetingId === september.id);
    expect(roadSafety, topics.map((t) => t.title).join(', ')).toBeDefined();
    const author = { name: 'Ch Insp Roads Policing', email: uniqueEmail('author') };
    const request = await ok({ method: 'POST', path: `/api/meetings/${december.id}/requests`, now: '2021-10-02T09:00:00Z', json: { topicId: roadSafety.id, points: ['Update on Vision Zero', 'Update on Op Snap'], sponsor: { name: 'ACC Hankinson', email: uniqueEmail('sponsor') }, author } }, 201);
    const link = (await linkIn(author.email, /\/papers\/[0-9A-Z]{26}\/[A-Za-z0-9_-]+/))[0];
    const authorPage = await call(stack.app, { method: 'GET', path: link, now: '2021-11-09T10:00:00Z' });
    const back = new URL(await postToS3(uploadFormOf(authorPage.text), PDF, 'road-safety.pdf'));
    const checked = await call(stack.app, { method: 'GET', path: back.pathname + back.search, now: '2021-11-09T10:00:00Z' });
    expect(checked.status).toBe(200);
    const uploadId = /[?&]upload=([0-9A-Z]{26})/.exec(back.search)![1]!;
    const submitted = await call(stack.app, { method: 'POST', path: link, now: '2021-11-09T10:05:00Z', form: { upload: uploadId, points: ['0', '1'], summary: 'Vision Zero, Op Snap and ANPR.' } });
    expect(submitted.status, submitted.text.slice(0, 300)).toBe(200);
    await ok({ method: 'POST', path: `/api/meetings/${december.id}/requests/${request.id}/accept`, now: '2021-11-10T09:00:00Z' });
    await ok({ method: 'POST', path: `/api/meetings/${december.id}/publish`, now: '2021-11-29T09:00:00Z', json: { confirm: true } });

    const asker = uniqueEmail('asker');
    const form = await call(stack.app, { method: 'GET', path: `/meetings/${december.id}/questions/new`, now: '2021-11-20T10:00:00Z' });
    const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1]!;
    const asked = await call(stack.app, { method: 'POST', path: `/meetings/${december.id}/questions`, now: '2021-11-20T10:00:00Z', form: { idempotencyKey, name: 'Jane Example', email: asker, district: 'Kirklees', question: 'Will average speed cameras go on the A62?', website: '' } });
    expect(asked.status).toBe(200);
    const questionId = (await linkIn(asker, FORGET_LINK))[1]!;
    const versionOf = async () => ((await ok({ method: 'GET', path: `/api/meetings/${december.id}/questions`, now: '2021-11-30T10:00:00Z' })).questions as any[]).find((q) => q.id === questionId).version;
    await ok({ method: 'POST', path: `/api/meetings/${december.id}/questions/${questionId}/review`, now: '2021-11-30T10:00:00Z', json: { version: await versionOf(), outcome: 'accept' } });
    await ok({ method: 'POST', path: `/api/meetings/${december.id}/questions/${questionId}/answer`, now: '2021-12-07T15:30:00Z', json: { version: await versionOf(), mode: 'meeting', text: ANSWER } });

    // ---- 3. After the meeting: attendance, minutes with an action and the future items, published as a draft ----
    const after = '2021-12-08T10:00:00Z';
    const view = await ok({ method: 'GET', path: `/api/meetings/${december.id}`, now: after });
    const agenda = view.agenda as { id: string; standing?: string; topicId?: string }[];
    const roadItem = agenda.find((a) => a.topicId === roadSafety.id)!;
    const action = await ok({ method: 'POST', path: `/api/meetings/${december.id}/actions`, now: after, json: { text: 'WYP to share the Op Snap figures by district', owner: 'ACC Hankinson', agendaItemId: roadItem.id, targetDate: '2022-03-01' } }, 201);
    expect(action.agendaItemId).toBe(roadItem.id);
    const draft = await ok({
      method: 'PUT',
      path: `/api/meetings/${december.id}/minutes`,
      now: after,
      json: {
        attendance: {
          present: [{ name: 'Alison Lowe', role: 'Deputy Mayor for Policing and Crime (DMPC)' }, { name: 'John Robins', role: 'Chief Constable (CC)', organisation: 'West Yorkshire Police (WYP)' }],
          alsoPresent: [{ name: 'Sharon Waugh', role: 'Engagement Manager', organisation: 'Policing and Crime' }],
          apologies: [{ name: 'Tracy Brabin', role: 'Mayor for West Yorkshire' }],
        },
        sections: [{ agendaItemId: roadItem.id, notes: 'The report provided an update on Vision Zero and Operation Snap.\n\n- Vision Zero board\n- Op Snap submissions', recordingAt: '1:02:30' }],
        futureItems: ['Hate crime against officers', 'Drugs and Alcohol Misuse'],
        recordingUrl: 'https://www.youtube.com/watch?v=com20211207',
      },
    });
    await ok({ method: 'POST', path: `/api/meetings/${december.id}/minutes/publish`, now: after, json: { version: draft.version } });
    const planned = ((await ok({ method: 'GET', path: '/api/topics', now: after })).topics as any[]).filter((t) => t.source.kind === 'future-items' && t.source.meetingId === december.id);
    expect(planned.map((t) => t.title).sort()).toEqual(['Drugs and Alcohol Misuse', 'Hate crime against officers']);

    // ---- 4. September's minutes approved at December's meeting ----
    const septemberMinutes = await ok({ method: 'GET', path: `/api/meetings/${september.id}/minutes`, now: after });
    expect(septemberMinutes.approvingMeetingId).toBe(december.id);
    const approved = await ok({ method: 'POST', path: `/api/meetings/${september.id}/minutes/approve`, now: after, json: { version: septemberMinutes.minutes.version } });
    expect(approved).toMatchObject({ status: 'approved', approvedOn: '2021-12-07', approvedAtMeetingId: december.id });

    // ---- 5. The public, from the home page ----
    const home = await publicPage('/', after);
    expect(hrefs(home)).toContain('/meetings');
    const archive = await publicPage('/meetings', after);
    expect(hrefs(archive)).toEqual(expect.arrayContaining([`/meetings/${september.id}`, `/meetings/${december.id}`]));

    const decemberPage = await publicPage(`/meetings/${december.id}`, after);
    expect(decemberPage).toContain('took place');
    expect(decemberPage).not.toContain('Watch the livestream');
    expect(hrefs(decemberPage)).toEqual(expect.arrayContaining([`/meetings/${december.id}/papers/${request.id}`, `/meetings/${december.id}/minutes`, `/meetings/${september.id}/minutes`]));
    expect(decemberPage).toContain('Alison Lowe');
    expect(decemberPage).toContain(ANSWER);
    expect(decemberPage).toContain('WYP to share the Op Snap figures by district');

    const decemberMinutes = await publicPage(`/meetings/${december.id}/minutes`, after);
    expect(decemberMinutes).toContain('Draft minutes, to be approved at the next meeting');
    expect(decemberMinutes).toContain('Hate crime against officers');
    const septemberPage = await publicPage(`/meetings/${september.id}`, after);
    expect(hrefs(septemberPage)).toContain(`/meetings/${september.id}/minutes`);
    const septemberMinutesPage = await publicPage(`/meetings/${september.id}/minutes`, after);
    expect(septemberMinutesPage).toMatch(/Approved as a correct record at the meeting of [^<]*7 December 2021/);
    expect(septemberMinutesPage).toContain('Drugs and Alcohol Misuse');

    const found = await publicPage(`/search?q=${encodeURIComponent('average speed cameras')}`, after);
    expect(hrefs(found)).toContain(`/meetings/${december.id}#questions`);
    const download = await call(stack.app, { method: 'GET', path: `/meetings/${september.id}/minutes.docx`, now: after });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('wordprocessingml');
  });
});
