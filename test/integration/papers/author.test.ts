/**
 * The author's side over real HTTP against the local stack: the link from the request email, the
 * upload straight to the S3 emulator with the presigned form from the page, the check of what
 * arrived, the confirm step, receipts, and every way a link or an upload is refused.
 */
import { describe, expect, it } from 'vitest';
import { api, AUTHOR_LINK, emails, endpoints, mailTo, page, postForm } from '../../support/http.js';
import { text } from '../../support/html.js';
import { DOCX, fixture, PDF, postToS3, requestPaper, submit, upload, uploadFormOf } from '../../support/papers.js';

describe('the author page', () => {
  it('opens from the request email: the points, the sponsor, the due date, and an upload form straight to S3', async () => {
    const { link, request, now, sponsor } = await requestPaper();
    const res = await page(link, { now });
    expect(res.status).toBe(200);
    const body = text(res.html);
    expect(body).toContain(request.title);
    expect(body).toContain('Update on Op Snap');
    expect(body).toContain(sponsor.name);
    expect(body).toContain('You have not submitted a paper yet.');
    expect(body).toMatch(/\d+ days left/);
    const form = uploadFormOf(res.html);
    expect(new URL(form.action).origin).toBe(new URL(endpoints().s3).origin);
    const names = form.fields.map(([k]) => k);
    expect(names).toEqual(expect.arrayContaining(['key', 'Policy', 'X-Amz-Signature', 'success_action_redirect']));
    // Uploads land under uploads/ (submitting copies them to the paper's key under papers/).
    expect(form.fields.find(([k]) => k === 'key')![1]).toBe(`uploads/${request.meetingId}/${request.id}/${form.uploadId}`);
    // The policy allows at most 20 MB, for that key only.
    const policy = JSON.parse(Buffer.from(form.fields.find(([k]) => k === 'Policy')![1], 'base64').toString());
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 20 * 1024 * 1024]);
    // The page may post its form to the bucket, and to nowhere else.
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain(`form-action 'self' ${new URL(endpoints().s3).origin}`);
    expect((await page('/', { now })).headers.get('content-security-policy')).toContain("form-action 'self';");
    // The link hash never reaches the page.
    expect(res.html).not.toMatch(/linkHash/);
  });

  it('takes a PDF: checked from its bytes, points confirmed, version recorded, receipts sent', async () => {
    const { link, request, now, author, sponsor } = await requestPaper();
    const { checked, uploadId } = await upload(link, PDF, 'Road Safety.pdf', now);
    expect(checked.status).toBe(200);
    expect(text(checked.html)).toContain('Confirm what your paper covers');
    expect(text(checked.html)).toContain('We received your file: a PDF of 1 KB');
    // Nothing is recorded until the author confirms.
    expect((await api('GET', `/api/meetings/${request.meetingId}/requests/${request.id}`, undefined, { now })).body.papers).toEqual([]);

    const res = await postForm(link, { upload: uploadId, points: ['0', '2'], summary: 'Vision Zero figures and the ANPR programme.' }, { now });
    expect(res.status).toBe(200);
    expect(text(res.html)).toContain('Paper submitted Version 1 of');
    expect(text(res.html)).toContain('on time');
    expect(text(res.html)).toContain('2 of the 3 requested points');

    const view = (await api('GET', `/api/meetings/${request.meetingId}/requests/${request.id}`, undefined, { now })).body;
    expect(view.request).toMatchObject({ status: 'submitted', timeliness: 'on time' });
    expect(view.papers).toHaveLength(1);
    expect(view.papers[0]).toMatchObject({ id: uploadId, number: 1, kind: 'pdf', size: PDF.length, late: false, pointsCovered: ['Update on Vision Zero', 'Impact of ANPR in West Yorkshire'], pointsTotal: 3, outcome: 'awaiting review' });
    expect(view.history.map((h: any) => h.action)).toEqual(['submitted', 'requested']);
    expect(view.history[0].by).toMatchObject({ kind: 'author', email: author.email });

    // The receipt to the author, and "paper submitted" to the sponsor and the engagement manager.
    const [receipt] = await mailTo(author.email, 1, /^Paper received:/);
    expect(receipt!.body.text).toContain('version 1');
    expect(receipt!.body.text).toContain('[covered] Update on Vision Zero');
    expect(receipt!.body.text).toContain('[not covered] Update on Op Snap');
    expect(receipt!.body.text).toContain(link);
    const [notice] = await mailTo(sponsor.email, 1, /^Paper submitted:/);
    expect(notice!.body.text).toContain(`/staff/meetings/${request.meetingId}/requests/${request.id}`);
    const [toOffice] = await mailTo('engagement.manager@example.org', 1, new RegExp(`^Paper submitted: ${request.title}`));
    expect(toOffice!.body.text).toContain(`/staff/meetings/${request.meetingId}/requests/${request.id}`);

    // The author page now lists the version.
    const again = text((await page(link, { now })).html);
    expect(again).toContain('Version 1');
    expect(again).toContain('Awaiting review');
    expect(again).toContain('Upload a new version');
  });

  it('takes a Word document (.docx), recognised by the entries of its ZIP', async () => {
    const { link, now } = await requestPaper();
    const { checked } = await upload(link, DOCX, 'paper.docx', now);
    expect(checked.status).toBe(200);
    expect(text(checked.html)).toContain('a Word document of 1 KB');
  });

  it('refuses a file that is not a PDF or .docx, whatever its name, and deletes it', async () => {
    const { link, request, now } = await requestPaper();
    for (const [bytes, name] of [
      [Buffer.from('<html><body>Not really a PDF</body></html>'), 'Road Safety.pdf'],
      [fixture('not-a-document.zip'), 'Road Safety.docx'],
    ] as const) {
      const { checked, form } = await upload(link, bytes, name, now);
      expect(checked.status).toBe(415);
      expect(text(checked.html)).toContain('The file is not a PDF or a Word document (.docx), so it was not kept.');
      // The page offers a fresh upload form.
      expect(uploadFormOf(checked.html).uploadId).not.toBe(form.uploadId);
      // Gone from the bucket, and the request is as it was.
      const key = form.fields.find(([k]) => k === 'key')![1];
      expect((await fetch(`${endpoints().s3}/${endpoints().bucket}/${key}`)).status).toBe(404);
      // Submitting it anyway (skipping the check page) is refused the same way.
      const forced = await postForm(link, { upload: form.uploadId, summary: 'x' }, { now });
      expect(forced.status).toBe(400);
      expect(text(forced.html)).toContain('We did not receive a file');
    }
    const view = (await api('GET', `/api/meetings/${request.meetingId}/requests/${request.id}`, undefined, { now })).body;
    expect(view.request.status).toBe('requested');
    expect(view.papers).toEqual([]);
  });

  it('refuses a file over 20 MB (the emulator takes it; the check after upload does not)', async () => {
    const { link, request, now } = await requestPaper();
    const big = Buffer.alloc(21 * 1024 * 1024, 0x20);
    PDF.copy(big, 0);
    const { checked } = await upload(link, big, 'big.pdf', now);
    expect(checked.status).toBe(413);
    expect(text(checked.html)).toContain('The file is larger than 20 MB, so it was not kept.');
    expect((await api('GET', `/api/meetings/${request.meetingId}/requests/${request.id}`, undefined, { now })).body.request.status).toBe('requested');
  });

  it('says so when nothing was uploaded, or the confirm form is incomplete', async () => {
    const { link, now } = await requestPaper();
    const form = uploadFormOf((await page(link, { now })).html);
    const nothing = await page(`${link}/uploaded?upload=${form.uploadId}`, { now });
    expect(nothing.status).toBe(400);
    expect(text(nothing.html)).toContain('We did not receive a file.');
    const noId = await page(`${link}/uploaded`, { now });
    expect(noId.status).toBe(400);

    await postToS3(form, PDF, 'paper.pdf');
    const noSummary = await postForm(link, { upload: form.uploadId, points: '1' }, { now });
    expect(noSummary.status).toBe(400);
    expect(text(noSummary.html)).toContain('Enter a short summary of the paper');
    expect(noSummary.html).toMatch(/value="1" checked/);
    const badPoint = await postForm(link, { upload: form.uploadId, points: '7', summary: 'S' }, { now });
    expect(badPoint.status).toBe(400);
    expect(text(badPoint.html)).toContain('Choose the points from the list');
  });

  it('records one version when the same upload is submitted twice (double click, retried POST)', async () => {
    const { link, request, now, author } = await requestPaper();
    const { uploadId } = await upload(link, PDF, 'paper.pdf', now);
    const fields = { upload: uploadId, points: ['0'], summary: 'Once only.' };
    const [a, b] = await Promise.all([postForm(link, fields, { now }), postForm(link, fields, { now })]);
    const c = await postForm(link, fields, { now });
    for (const res of [a, b, c]) {
      expect(res.status, text(res.html)).toBe(200);
      expect(text(res.html)).toContain('Paper submitted Version 1 of');
    }
    const view = (await api('GET', `/api/meetings/${request.meetingId}/requests/${request.id}`, undefined, { now })).body;
    expect(view.papers).toHaveLength(1);
    expect(view.history.filter((h: any) => h.action === 'submitted')).toHaveLength(1);
    await mailTo(author.email, 1, /^Paper received:/);
    expect((await emails(author.email)).filter((m) => /^Paper received:/.test(m.subject))).toHaveLength(1);
  });

  it('makes an upload form useless once its upload is submitted: posting it again changes no version', async () => {
    const { link, request, now } = await requestPaper();
    const { form, uploadId } = await upload(link, PDF, 'paper.pdf', now);
    const first = await postForm(link, { upload: uploadId, points: ['0'], summary: 'The real paper.' }, { now });
    expect(text(first.html)).toContain('Paper submitted Version 1 of');
    // The same form, still within its 15 minutes, posted again with another file (S3 takes it: the
    // presigned policy allows that key until it expires)...
    await postToS3(form, DOCX, 'something else.docx');
    // ...the check page still shows the version submitted, a second submit of that upload changes nothing,
    const checkedAgain = await page(`${link}/uploaded?upload=${uploadId}`, { now });
    expect(checkedAgain.status).toBe(303);
    expect(checkedAgain.location).toBe(`${link}#version-${uploadId}`);
    const again = await postForm(link, { upload: uploadId, points: ['1'], summary: 'Replaced?' }, { now });
    expect(text(again.html)).toContain('Paper submitted Version 1 of');
    const view = (await api('GET', `/api/meetings/${request.meetingId}/requests/${request.id}`, undefined, { now })).body;
    expect(view.papers).toHaveLength(1);
    expect(view.papers[0]).toMatchObject({ id: uploadId, kind: 'pdf', size: PDF.length });
    // ...and the version recorded downloads as the file submitted, not the one posted after.
    const download = await api('GET', `/api/meetings/${request.meetingId}/requests/${request.id}/papers/${uploadId}`, undefined, { now });
    const file = await fetch(download.body.url);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('marks a version submitted after the due date as late', async () => {
    const { link, request } = await requestPaper();
    const afterDue = new Date(Date.parse(`${request.dueDate}T12:00:00Z`) + 86_400_000).toISOString();
    const { res } = await submit(link, PDF, afterDue);
    expect(text(res.html)).toContain('recorded as late');
    const tracking = (await api('GET', `/api/meetings/${request.meetingId}/tracking`, undefined, { now: afterDue })).body;
    expect(tracking.requests[0]).toMatchObject({ timeliness: 'late', latestPaper: { number: 1, late: true, pointsConfirmed: 2, pointsTotal: 3 } });
  });
});

describe('links that do not open the page', () => {
  const expectLinkPage = async (path: string, now: string, status: number, heading: string) => {
    const res = await page(path, { now });
    expect(res.status, path).toBe(status);
    const body = text(res.html);
    expect(body).toContain(heading);
    expect(body).toContain('engagement.manager@example.org');
    return res;
  };

  it("refuses another request's secret, a wrong secret and an unknown request, naming nothing (404)", async () => {
    const a = await requestPaper();
    const b = await requestPaper();
    const [, , idA] = a.link.split('/');
    const [, , , keyB] = b.link.split('/');
    const mixed = await expectLinkPage(`/papers/${idA}/${keyB}`, a.now, 404, 'This link does not work');
    expect(mixed.html).not.toContain(a.request.title);
    expect(mixed.html).not.toContain(b.request.title);
    expect(mixed.html).not.toContain(a.author.name);
    await expectLinkPage(`/papers/${idA}/not-the-secret`, a.now, 404, 'This link does not work');
    await expectLinkPage(`/papers/01J0000000000000000000000Z/${keyB}`, a.now, 404, 'This link does not work');
    await expectLinkPage(`/papers/not-an-id/${keyB}`, a.now, 404, 'This link does not work');
    // Every author route checks the link, not just the page.
    const post = await postForm(`/papers/${idA}/${keyB}`, { upload: '01J0000000000000000000000Z', summary: 'x' }, { now: a.now });
    expect(post.status).toBe(404);
    await expectLinkPage(`/papers/${idA}/${keyB}/uploaded?upload=01J0000000000000000000000Z`, a.now, 404, 'This link does not work');
  });

  it('stops working after the meeting day (410), and works until its end', async () => {
    const { link, date, request } = await requestPaper();
    expect((await page(link, { now: `${date}T22:30:00Z` })).status).toBe(200);
    const expired = await expectLinkPage(link, new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString(), 410, 'This link has expired');
    expect(text(expired.html)).toContain(`Paper: ${request.title}`);
  });

  it('stops working when the request is withdrawn (410)', async () => {
    const { link, request, now } = await requestPaper();
    expect((await api('POST', `/api/meetings/${request.meetingId}/requests/${request.id}/withdraw`, undefined, { now })).status).toBe(200);
    await expectLinkPage(link, now, 410, 'This request for a paper has been withdrawn');
  });

  it('is replaced by a re-issued link: the old one stops, the new one works', async () => {
    const { link, request, now, author } = await requestPaper();
    expect((await api('POST', `/api/meetings/${request.meetingId}/requests/${request.id}/send`, undefined, { now })).status).toBe(200);
    await expect.poll(async () => (await emails(author.email)).length).toBe(2);
    const mails = await emails(author.email);
    const newLink = AUTHOR_LINK.exec(mails.at(-1)!.body.text!)![0];
    expect(newLink).not.toBe(link);
    await expectLinkPage(link, now, 404, 'This link does not work');
    expect((await page(newLink, { now })).status).toBe(200);
    const history = (await api('GET', `/api/meetings/${request.meetingId}/requests/${request.id}`, undefined, { now })).body.history;
    expect(history.map((h: any) => h.action)).toEqual(['link-reissued', 'requested']);
    expect(history[0].by).toMatchObject({ kind: 'staff', email: 'engagement.manager@example.org' });
  });
});
