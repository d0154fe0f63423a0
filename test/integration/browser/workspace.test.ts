/**
 * The engagement manager's workspace in real Chromium: the staff home, the meeting page (a meeting
 * with 8 requests in different states and public questions), the agenda order page and a request
 * page pass the page checks (no sideways scroll at 375 and 1280 px, axe finds nothing); and with
 * JavaScript off, the agenda is reordered on its own page and a reminder is sent from the home
 * (one email in the SES emulator, however the form is posted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { api, emails, endpoints, mailTo, signIn } from '../../support/http.js';
import { clockBefore, people, topic, uniqueTuesday } from '../../support/fixtures.js';
import { linkFrom, PDF, submit } from '../../support/papers.js';
import { contextAt, launch } from '../../support/browser.js';
import { pageProblems, staffContext } from '../../support/page-checks.js';
import { asker, submit as ask } from '../questions/helpers.js';
import { addDays } from '../../../shared/domain/time.js';

const at = (date: string, time = '09:00') => `${date}T${time}:00Z`;
/** A button's accessible name: its text and the visually hidden words naming its item (Chromium puts a space between). */
const named = (text: string, item: string) => new RegExp(`^${text}\\s*: ${item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Made {
  id: string;
  title: string;
  author: { name: string; email: string };
  sponsor: { name: string; email: string };
}

describe('the workspace in the browser', () => {
  const date = uniqueTuesday();
  let meetingId: string;
  let now: string;
  const r: Record<string, Made> = {};

  beforeAll(async () => {
    const created = await api('POST', '/api/meetings', { start: `${date}T14:00`, place: 'Wellington House, Wakefield', livestreamUrl: 'https://www.youtube.com/@WestYorkshireCA' }, { now: at(addDays(date, -60)) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    meetingId = created.body.id;
    const pd: string = created.body.deadlines.papersDue;
    const t0 = at(addDays(pd, -20));
    now = at(addDays(pd, -3));

    // Eight requests, with long names and addresses as real ones have.
    const request = async (key: string, title: string, dueDate: string) => {
      const t = await topic({ title: `${title} ${Math.random().toString(36).slice(2, 6)}`, points: ['Update on progress since the last meeting', 'Figures for each district: Bradford, Calderdale, Kirklees, Leeds, Wakefield'] }, t0);
      const p = people();
      const sponsor = { name: 'Assistant Chief Constable, Specialist Operations', email: p.sponsor.email.replace('sponsor', 'assistant.chief.constable.specialist-operations') };
      const author = { name: 'Detective Chief Superintendent, Safeguarding Central Governance Unit', email: p.author.email.replace('author', 'detective.chief.superintendent.safeguarding') };
      const made = await api('POST', `/api/meetings/${meetingId}/requests`, { topicId: t.id, sponsor, author, dueDate }, { now: t0 });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      r[key] = { id: made.body.id, title: made.body.title, author, sponsor };
    };
    await request('overdue', 'Countering Terrorism', addDays(pd, -10));
    await request('dueSoon', 'Safeguarding', pd);
    await request('onTime', 'Serious Violent Crime', pd);
    await request('late', 'Road Safety', addDays(pd, -10));
    await request('accepted', 'Neighbourhood Policing', pd);
    await request('returned', 'Hate Crime', pd);
    await request('withdrawn', 'Exception Report', pd);
    await request('later', 'Drugs and County Lines', addDays(pd, 5));

    for (const k of ['onTime', 'accepted', 'returned']) await submit(await linkFrom(r[k]!.author.email), PDF, at(addDays(pd, -15)));
    await submit(await linkFrom(r.late!.author.email), PDF, at(addDays(pd, -5)));
    const decide = async (k: string, what: string, body?: unknown) => {
      const res = await api('POST', `/api/meetings/${meetingId}/requests/${r[k]!.id}/${what}`, body, { now: at(addDays(pd, -14)) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await decide('accepted', 'accept');
    await decide('returned', 'return', { comments: 'Please add the figures for each district.' });
    await decide('withdrawn', 'withdraw');

    // Public questions: six asked, two of them rejected.
    const refs: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await ask(meetingId, asker(), clockBefore(date, 40, 30));
      expect(res.status).toBe(200);
      refs.push(res.reference!);
    }
    const list = (await api('GET', `/api/meetings/${meetingId}/questions`)).body.questions as { id: string; reference: string; version: number }[];
    for (const ref of refs.slice(0, 2)) {
      const q = list.find((x) => x.reference === ref)!;
      const res = await api('POST', `/api/meetings/${meetingId}/questions/${q.id}/review`, { version: q.version, outcome: 'reject', reason: 'named-individual' }, { now: at(addDays(pd, -4)) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  }, 240_000);

  it('the home, the meeting page, the agenda order page and a request page fit 375 and 1280 px, and axe finds nothing', async () => {
    const context = await staffContext(browser, now);
    const problems = [
      ...(await pageProblems(context, '/staff')),
      ...(await pageProblems(context, '/staff?sort=status&show=overdue')),
      ...(await pageProblems(context, `/staff/meetings/${meetingId}`)),
      ...(await pageProblems(context, `/staff/meetings/${meetingId}/agenda`)),
      ...(await pageProblems(context, `/staff/meetings/${meetingId}/requests/${r.returned!.id}`)),
      ...(await pageProblems(context, `/staff/meetings/${meetingId}/requests/${r.late!.id}`)),
    ];
    expect(problems).toEqual([]);

    // The meeting page leads with its status (in: on time, late, accepted; the returned one is awaited again;
    // the withdrawn one does not count), and the tracking table has every request and its totals.
    const page = await context.newPage();
    await page.goto(`${endpoints().app}/staff/meetings/${meetingId}`);
    expect(await page.locator('#summary').innerText()).toMatch(/^3 of 7 papers in · 1 overdue · 4 questions to review · agenda publication \w+ \d+ \w+ \d{4}, in \d+ days$/);
    expect(await page.locator('#tracking-table tbody tr').count()).toBe(8);
    expect(await page.locator('#tracking-totals').innerText()).toContain('7 papers');
    await context.close();
  }, 420_000);

  it('without JavaScript: reorders the agenda on its own page, and sends a reminder now from the home, once', async () => {
    const context = await contextAt(browser, now, false);
    const cookie = await signIn();
    await context.addCookies([{ name: 'session', value: cookie.slice('session='.length), url: endpoints().app }]);
    const page = await context.newPage();

    // The meeting page links to the agenda order page; move the first item down there.
    await page.goto(`${endpoints().app}/staff/meetings/${meetingId}`);
    const before = await page.locator('#agenda-list li').allInnerTexts();
    await page.getByRole('link', { name: 'Change the order of the agenda' }).first().click();
    await page.getByRole('button', { name: named('Move down', before[0]!) }).click();
    await page.waitForURL(/\/agenda#agenda-item-/);
    await page.goto(`${endpoints().app}/staff/meetings/${meetingId}`);
    expect(await page.locator('#agenda-list li').allInnerTexts()).toEqual([before[1], before[0], ...before.slice(2)]);

    // The home: the overdue paper with its red tag; send its author a reminder now.
    await page.goto(`${endpoints().app}/staff`);
    const row = page.locator(`#paper-${r.overdue!.id}`);
    expect(await row.innerText()).toContain('Overdue');
    const form = row.locator('form[action$="/remind"]');
    const posted = { csrf: (await form.locator('input[name="csrf"]').getAttribute('value'))!, key: (await form.locator('input[name="key"]').getAttribute('value'))! };
    await row.getByRole('button', { name: named('Send a reminder now', r.overdue!.title) }).click();
    await page.waitForURL(/reminded=queued/);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(`Reminder for “${r.overdue!.title}” is being sent`);
    // The same form posted again (a double click, the browser resending it) sends nothing more.
    const again = await context.request.post(`${endpoints().app}/staff/meetings/${meetingId}/requests/${r.overdue!.id}/remind`, { form: posted, maxRedirects: 0 });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toContain('reminded=already-sent');

    const [mail] = await mailTo(r.overdue!.author.email, 1, /^Overdue: your paper/);
    expect(mail!.destination.cc.join()).toContain(r.overdue!.sponsor.email);
    await new Promise((done) => setTimeout(done, 500));
    expect((await emails(r.overdue!.author.email)).filter((m) => /^Overdue: your paper/.test(m.subject))).toHaveLength(1);
    await context.close();
  }, 120_000);
});
