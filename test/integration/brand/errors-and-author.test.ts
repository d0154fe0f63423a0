/**
 * Issue 12 §4 over real HTTP: error pages in plain language for every bad path (a malformed id in a
 * page path, an address nothing has, a signed-in person outside the staff group), while JSON routes
 * keep their JSON; and the author's page and request email as an author meets them (the red
 * "Overdue" tag staff see, "COT" expanded).
 */
import { describe, expect, it } from 'vitest';
import { api, endpoints, mailTo, page, signIn } from '../../support/http.js';
import { requestPaper } from '../../support/papers.js';
import { text } from '../../support/html.js';

const h1 = (html: string) => /<h1 class="govuk-heading-l">([^<]*)<\/h1>/.exec(html)?.[1];

describe('error pages', () => {
  it('a page path with a malformed id: "Page not found" (404), not a message about ids', async () => {
    const staff = await signIn();
    for (const [path, cookie] of [
      ['/meetings/not-an-id', undefined],
      ['/meetings/not-an-id/questions/new', undefined],
      ['/staff/meetings/not-an-id', staff],
      ['/staff/meetings/01FFMAVYF86K6BJEA87EHS4HE7/requests/x', staff],
    ] as const) {
      const res = await page(path, { cookie });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(h1(res.html), path).toBe('Page not found');
      expect(res.html, path).toContain('If you typed the web address, check it is correct.');
      expect(res.html, path).not.toMatch(/not a valid id|The path is not valid/);
    }
  });

  it('a JSON API route keeps its JSON 400 for a malformed id', async () => {
    const res = await api('GET', '/api/meetings/not-an-id');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/not a valid id/);
  });

  it('an address no route has: the same "Page not found" page; under /api/ a JSON 404', async () => {
    const res = await page('/no/such/page');
    expect(res.status).toBe(404);
    expect(h1(res.html)).toBe('Page not found');
    expect(res.html).toContain('govuk-generic-header');
    const json = await api('GET', '/api/no-such-thing', undefined, { token: null });
    expect(json.status).toBe(404);
    expect(json.body.error).toBeDefined();
  });

  it('a signed-in person outside the staff group gets a 403 page that offers sign-out, and the sign-out works', async () => {
    const observer = await signIn('observer@example.org');
    const res = await page('/staff/meetings', { cookie: observer });
    expect(res.status).toBe(403);
    expect(h1(res.html)).toBe('You cannot use this page');
    const form = /<form method="post" action="\/sign-out">([\s\S]*?)<\/form>/.exec(res.html);
    expect(form, 'a sign-out form').not.toBeNull();
    const csrf = /name="csrf" value="([^"]+)"/.exec(form![1]!)?.[1];
    expect(csrf).toBeTruthy();
    expect(form![1]).toContain('Sign out</button>');
    // The form as a browser sends it: the session ends.
    const out = await fetch(`${endpoints().app}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: observer },
      body: new URLSearchParams({ csrf: csrf! }).toString(),
    });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().some((c) => /^session=;/.test(c) || /session=.*Max-Age=0/i.test(c))).toBe(true);
  });
});

describe('the author as they meet the service', () => {
  it('an overdue paper shows the same red "Overdue" tag as staff see, and "COT" is expanded', async () => {
    const r = await requestPaper();
    const after = new Date(Date.parse(`${r.request.dueDate}T12:00:00Z`) + 2 * 86_400_000).toISOString();
    const res = await page(r.link, { now: after });
    expect(res.status).toBe(200);
    expect(res.html).toMatch(/<strong class="govuk-tag govuk-tag--red">\s*Overdue\s*<\/strong>/);
    expect(text(res.html)).toContain('Chief Officer Team (COT) sponsor');
    // Before the due date: no "Overdue".
    const before = await page(r.link, { now: r.now });
    expect(before.html).not.toContain('Overdue');
    // And the staff request page shows the same tag for it.
    const staff = await page(`/staff/meetings/${r.meeting.id}/requests/${r.request.id}`, { cookie: await signIn(), now: after });
    expect(staff.html).toMatch(/<strong class="govuk-tag govuk-tag--red">\s*Overdue\s*<\/strong>/);
  });

  it('the request email to the author expands "COT" at its first use', async () => {
    const r = await requestPaper();
    const [mail] = await mailTo(r.author.email, 1, /Paper requested/);
    expect(mail!.body.text).toContain(`The Chief Officer Team (COT) sponsor is ${r.sponsor.name}.`);
    expect(mail!.body.html).toContain('Chief Officer Team (COT) sponsor');
    expect(mail!.body.text!.indexOf('COT')).toBe(mail!.body.text!.indexOf('(COT)') + 1);
  });
});
