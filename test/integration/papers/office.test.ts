/**
 * The office's side over real HTTP: the tracking table, the request page and its decisions (accept,
 * return with comments, publish, new link, withdraw), history, downloads (presigned links to the S3
 * emulator), publishing the agenda pack with its confirmation, and the public meeting page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, emails, mailTo, page, postForm, signIn } from '../../support/http.js';
import { text } from '../../support/html.js';
import { DOCX, PDF, requestPaper, submit } from '../../support/papers.js';

let cookie: string;
beforeAll(async () => {
  cookie = await signIn();
});

const requestPath = (r: { meetingId: string; id: string }) => `/staff/meetings/${r.meetingId}/requests/${r.id}`;

describe('returning, resubmitting and accepting', () => {
  it('returns a paper with comments (emailed), the same link takes version 2, then the office accepts it', async () => {
    const { link, request, now, author } = await requestPaper();
    await submit(link, PDF, now);

    // The staff request page shows the version and the decision forms.
    const staffPage = await page(requestPath(request), { cookie, now });
    expect(staffPage.status).toBe(200);
    const body = text(staffPage.html);
    expect(body).toContain('Version 1');
    expect(body).toContain('2 of 3');
    expect(body).toContain('Accept the paper');
    expect(body).toContain('Return to the author');

    // Returning needs comments.
    const version = /name="version" value="(\d+)"/.exec(staffPage.html)![1]!;
    const empty = await postForm(`${requestPath(request)}/decision`, { decision: 'return', version, comments: ' ' }, { cookie, now });
    expect(empty.status).toBe(400);
    expect(text(empty.html)).toContain('Enter the comments for the author');

    const comments = 'Please add the 2021 casualty figures for each district.';
    const returned = await postForm(`${requestPath(request)}/decision`, { decision: 'return', version, comments }, { cookie, now });
    expect(returned.status, text(returned.html)).toBe(303);
    expect(returned.location).toBe(`${requestPath(request)}?done=returned`);
    const [mail] = await mailTo(author.email, 1, /^Changes needed to your paper:/);
    expect(mail!.body.text).toContain(comments);
    expect(mail!.body.text).toContain('Use the link in the email that asked you for this paper: it still works');

    // The author sees the comments with the same link, and sends version 2.
    const authorPage = text((await page(link, { now })).html);
    expect(authorPage).toContain('The office returned your paper with comments');
    expect(authorPage).toContain(comments);
    expect((await api('GET', `/api/meetings/${request.meetingId}/tracking`, undefined, { now })).body.requests[0].status).toBe('returned');
    await submit(link, DOCX, now, { points: ['0', '1', '2'] });

    const accepted = await api('POST', `/api/meetings/${request.meetingId}/requests/${request.id}/accept`, undefined, { now });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.request.status).toBe('accepted');
    expect(accepted.body.papers.map((p: any) => [p.number, p.kind, p.outcome])).toEqual([
      [2, 'docx', 'accepted'],
      [1, 'pdf', 'returned'],
    ]);
    expect(accepted.body.history.map((h: any) => h.action)).toEqual(['accepted', 'submitted', 'returned', 'submitted', 'requested']);
    // An accepted paper takes no more versions.
    const closed = await page(link, { now });
    expect(text(closed.html)).toContain('The office has accepted this paper');
    expect(closed.html).not.toContain('enctype="multipart/form-data"');
    expect((await api('POST', `/api/meetings/${request.meetingId}/requests/${request.id}/accept`, undefined, { now })).status).toBe(409);

    // History on the request page, with who did what.
    const history = text((await page(requestPath(request), { cookie, now })).html);
    expect(history).toContain('Version 2 accepted');
    expect(history).toContain('Version 1 returned to the author with comments');
    expect(history).toContain('Version 1 submitted (on time)');
    expect(history).toContain('Engagement Manager');
  });

  it('refuses a decision on a version someone else has changed since (409), and a return without comments (400)', async () => {
    const { link, request, now } = await requestPaper();
    await submit(link, PDF, now);
    const stale = await postForm(`${requestPath(request)}/decision`, { decision: 'accept', version: '1' }, { cookie, now });
    expect(stale.status).toBe(409);
    expect(text(stale.html)).toContain('Someone else changed this request');
    const bad = await api('POST', `/api/meetings/${request.meetingId}/requests/${request.id}/return`, { comments: '' }, { now });
    expect(bad.status).toBe(400);
    const unknown = await api('POST', `/api/meetings/${request.meetingId}/requests/01J0000000000000000000000Z/accept`, undefined, { now });
    expect(unknown.status).toBe(404);
  });

  it('sends a new link and withdraws from the request page, with history', async () => {
    const { request, now, author } = await requestPaper();
    const html = (await page(requestPath(request), { cookie, now })).html;
    const version = /name="version" value="(\d+)"/.exec(html)![1]!;
    expect((await postForm(`${requestPath(request)}/decision`, { decision: 'reissue', version }, { cookie, now })).location).toBe(`${requestPath(request)}?done=reissued`);
    await expect.poll(async () => (await emails(author.email)).length).toBe(2);
    expect((await postForm(`${requestPath(request)}/decision`, { decision: 'withdraw', version }, { cookie, now })).status).toBe(303);
    const after = text((await page(`${requestPath(request)}?done=withdrawn`, { cookie, now })).html);
    expect(after).toContain('Request withdrawn');
    expect(after).toContain('A new link was issued');
    expect(after).not.toContain('Send a new link');
  });
});

describe('downloads', () => {
  it('gives staff a short-lived link to each version; the public gets nothing before publication', async () => {
    const { link, request, now } = await requestPaper();
    const { uploadId } = await submit(link, PDF, now);
    const api_ = await api('GET', `/api/meetings/${request.meetingId}/requests/${request.id}/papers/${uploadId}`, undefined, { now });
    expect(api_.status).toBe(200);
    expect(api_.body).toMatchObject({ expiresInSeconds: 300, fileName: `${request.title} - version 1.pdf` });
    const file = await fetch(api_.body.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain('attachment; filename=');
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);

    const viaPage = await page(`${requestPath(request)}/papers/${uploadId}`, { cookie, now });
    expect(viaPage.status).toBe(303);
    expect(viaPage.location).toMatch(/X-Amz-Signature=/);
    expect((await page(`${requestPath(request)}/papers/${uploadId}`, { now })).status).toBe(303); // to sign-in
    expect((await page(`${requestPath(request)}/papers/${uploadId}`, { now })).location).toMatch(/^\/sign-in/);
    expect((await api('GET', `/api/meetings/${request.meetingId}/requests/${request.id}/papers/01J0000000000000000000000Z`, undefined, { now })).status).toBe(404);
    expect((await page(`/meetings/${request.meetingId}/papers/${request.id}`, { now })).status).toBe(404);
  });
});

describe('publishing the agenda pack', () => {
  it('waits for the publication date, asks to confirm while papers are missing, then publishes what is accepted', async () => {
    const a = await requestPaper();
    // A second paper on the same meeting, never submitted.
    const t = await api('POST', '/api/topics', { title: `Safeguarding ${Math.random().toString(36).slice(2, 7)}`, points: [] }, { now: a.now });
    const b = await api('POST', `/api/meetings/${a.meeting.id}/requests`, { topicId: t.body.id, sponsor: a.sponsor, author: a.author }, { now: a.now });
    expect(b.status).toBe(201);
    await submit(a.link, PDF, a.now);
    expect((await api('POST', `/api/meetings/${a.meeting.id}/requests/${a.request.id}/accept`, undefined, { now: a.now })).status).toBe(200);

    const view = (await api('GET', `/api/meetings/${a.meeting.id}`, undefined, { now: a.now })).body;
    const publication = view.meeting.deadlines.agendaPublication as string;
    const before = new Date(Date.parse(`${publication}T09:00:00Z`) - 86_400_000).toISOString();
    const on = `${publication}T09:00:00.000Z`;

    const early = await api('POST', `/api/meetings/${a.meeting.id}/publish`, { confirm: true }, { now: before });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatch(/can be published from/);

    // Before publication the public page has the meeting but no papers.
    const publicBefore = await page(`/meetings/${a.meeting.id}`, { now: on });
    expect(publicBefore.status).toBe(200);
    expect(text(publicBefore.html)).toContain('The agenda and papers will be published here by');
    expect(publicBefore.html).not.toContain(a.request.title);

    const unconfirmed = await api('POST', `/api/meetings/${a.meeting.id}/publish`, {}, { now: on });
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.error).toContain(`1 paper is not accepted yet: ${t.body.title} (requested)`);
    expect(unconfirmed.body.issues).toEqual([{ field: 'confirm', message: `${t.body.title}: requested` }]);

    // The staff page's confirm step lists it too.
    const step = await postForm(`/staff/meetings/${a.meeting.id}/publish`, {}, { cookie, now: on });
    expect(step.status).toBe(200);
    expect(text(step.html)).toContain('Publish the agenda pack without every paper?');
    expect(text(step.html)).toContain(`${t.body.title} (requested)`);
    const confirmed = await postForm(`/staff/meetings/${a.meeting.id}/publish`, { confirm: 'yes' }, { cookie, now: on });
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(`/staff/meetings/${a.meeting.id}?published=1#publication`);
    const again = await api('POST', `/api/meetings/${a.meeting.id}/publish`, { confirm: true }, { now: on });
    expect(again.body).toMatchObject({ alreadyPublished: true });

    const after = await api('GET', `/api/meetings/${a.meeting.id}/requests/${a.request.id}`, undefined, { now: on });
    expect(after.body.request.status).toBe('published');
    expect(after.body.history[0]).toMatchObject({ action: 'published', by: { name: 'Engagement Manager' } });
    await mailTo(a.author.email, 1, /^Paper published:/);

    // The public page: the agenda, the paper with its sponsor and author, "to follow", the livestream.
    const publicPage = await page(`/meetings/${a.meeting.id}`, { now: on });
    const body = text(publicPage.html);
    expect(body).toContain(`Download the paper: ${a.request.title} (PDF, 1 KB)`);
    expect(body).toContain(`COT sponsor: ${a.sponsor.name}. Report author: ${a.author.name}.`);
    expect(body).toContain('Paper to follow');
    expect(body).toContain('Public questions');
    expect(publicPage.html).toContain('href="https://www.youtube.com/@WestYorkshireCA"');
    expect(publicPage.html).not.toContain(a.author.email);
    expect(publicPage.html).not.toContain(a.sponsor.email);
    const download = await page(`/meetings/${a.meeting.id}/papers/${a.request.id}`, { now: on });
    expect(download.status).toBe(303);
    const file = await fetch(download.location!);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    // The other request's paper is not published.
    expect((await page(`/meetings/${a.meeting.id}/papers/${b.body.id}`, { now: on })).status).toBe(404);

    // The meeting page: tracking with the latest version and points, and the pack published.
    const meetingHtml = (await page(`/staff/meetings/${a.meeting.id}`, { cookie, now: on })).html;
    const meetingPage = text(meetingHtml);
    expect(meetingPage).toContain('Version 1, 2 of 3 points');
    // The other request has no version yet.
    const other = new RegExp(`<tr class="govuk-table__row" id="request-${b.body.id}">([\\s\\S]*?)</tr>`).exec(meetingHtml)?.[1];
    expect(other).toBeDefined();
    expect(text(other!)).not.toContain('Version');
    expect(meetingPage).toContain('Published. Papers accepted later can be published one by one');
  });

  it('publishes a paper accepted after the pack on its own', async () => {
    const a = await requestPaper();
    const view = (await api('GET', `/api/meetings/${a.meeting.id}`, undefined, { now: a.now })).body;
    const on = `${view.meeting.deadlines.agendaPublication}T09:00:00.000Z`;
    expect((await api('POST', `/api/meetings/${a.meeting.id}/publish`, { confirm: true }, { now: on })).status).toBe(200);
    await submit(a.link, PDF, on);
    expect((await api('POST', `/api/meetings/${a.meeting.id}/requests/${a.request.id}/publish`, undefined, { now: on })).status).toBe(409);
    expect((await api('POST', `/api/meetings/${a.meeting.id}/requests/${a.request.id}/accept`, undefined, { now: on })).status).toBe(200);
    const published = await api('POST', `/api/meetings/${a.meeting.id}/requests/${a.request.id}/publish`, undefined, { now: on });
    expect(published.status).toBe(200);
    expect(published.body.request.status).toBe('published');
    expect(text((await page(`/meetings/${a.meeting.id}`, { now: on })).html)).toContain(`Download the paper: ${a.request.title}`);
  });

  it('links each meeting from the public home page, and 404s an unknown one', async () => {
    const a = await requestPaper();
    const home = await page('/', { now: a.now });
    expect(home.html).toContain(`href="/meetings/${a.meeting.id}"`);
    expect((await page('/meetings/01J0000000000000000000000Z', { now: a.now })).status).toBe(404);
    // Upload forms are offered only to an author, never on public pages.
    expect((await page(`/meetings/${a.meeting.id}`, { now: a.now })).html).not.toContain('multipart/form-data');
  });
});
