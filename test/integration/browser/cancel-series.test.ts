/**
 * The cancel and series pages (issue 12 §3) in real Chromium, on realistic data: at 375 and 1280 px
 * nothing scrolls sideways and axe-core (WCAG 2.2 AA) finds nothing. The series form is filled and
 * previewed with JavaScript off, as a person without it would (and checked with it on: axe runs in the
 * page); the cancel page is checked before
 * (8 requests, 12 open questions) and after the meeting is cancelled, with the public pages it changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, endpoints, signIn } from '../../support/http.js';
import { contextAt, launch } from '../../support/browser.js';
import { pageProblems, problemsHere, staffContext } from '../../support/page-checks.js';
import { clockBefore, daysBefore, meeting, people, topic, uniqueTuesday } from '../../support/fixtures.js';
import { ask } from '../questions/helpers.js';

const step = (what: string) => process.env.DEBUG_STEPS && console.log(new Date().toISOString(), what);

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** A staff context with JavaScript off. */
async function staffWithoutJs(now: string): Promise<BrowserContext> {
  const context = await contextAt(browser, now, false);
  const cookie = await signIn();
  const at = cookie.indexOf('=');
  await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: endpoints().app }]);
  return context;
}

describe('the series page in Chromium', () => {
  /** Fill the form with a year's quarterly meetings and two that clash (Boxing Day's substitute, a Saturday) and preview it. */
  async function preview(page: Page) {
    await page.goto(`${endpoints().app}/staff/meetings/series`);
    await page.getByLabel('On a list of dates').check();
    await page.getByLabel('Dates', { exact: true }).fill('7/12/2021\n28/12/2021\n15/3/2022\n14/6/2022\n13/9/2022\n17/9/2022\n6/12/2022');
    await page.getByLabel('Start time').fill('14:00');
    await page.getByLabel('Place').fill('Wellington House, 40-50 Wellington Street, Wakefield WF1 2DE');
    await page.getByLabel('Livestream link (optional)').fill('https://www.youtube.com/@WestYorkshireCA');
    await page.getByRole('button', { name: 'Preview the meetings' }).click();
    await page.getByRole('heading', { name: 'Check the meetings before creating them' }).waitFor();
    expect(await page.locator('#series-preview > li').count()).toBe(7);
    expect(await page.getByText('is a bank holiday').count()).toBe(1);
    expect(await page.getByText('is a Saturday').count()).toBe(1);
  }

  it('works with JavaScript off: every field of the form is there, and it previews', async () => {
    const context = await staffWithoutJs('2021-11-01T09:00:00Z');
    await preview(await context.newPage());
    await context.close();
  }, 240_000);

  it('the form and its preview fit 375 and 1280 px and pass axe', async () => {
    const context = await staffContext(browser, '2021-11-01T09:00:00Z');
    step('series: context');
    const page = await context.newPage();
    await preview(page);
    expect(await problemsHere(page, 'series preview')).toEqual([]);
    step('series: preview checked');
    // An error on the form: the error summary and the field's message pass too.
    await page.getByLabel('Dates', { exact: true }).fill('7/12/2021\n7/12/2021');
    await page.getByRole('button', { name: 'Preview the meetings' }).click();
    await page.getByText('There is a problem').waitFor();
    expect(await problemsHere(page, 'series form with an error')).toEqual([]);
    await context.close();
  }, 240_000);
});

describe('the cancel page in Chromium', () => {
  it('before and after cancelling, with 8 requests and 12 questions, fits both widths and passes axe; so do the public pages it changes', async () => {
    const date = uniqueTuesday();
    const now = daysBefore(date, 40);
    const made = await meeting({ start: `${date}T14:00`, livestreamUrl: 'https://www.youtube.com/@WestYorkshireCA' }, now);
    const titles = ['Countering Terrorism', 'Safeguarding', 'Serious Violent Crime', 'Road Safety', 'Exception report (theme to be agreed)', 'Neighbourhood Policing', 'Domestic Abuse', 'Rural Crime'];
    for (const title of titles) {
      const t = await topic({ title: `${title} ${Math.random().toString(36).slice(2, 6)}` }, now);
      const res = await api('POST', `/api/meetings/${made.id}/requests`, { topicId: t.id, ...people() }, { now });
      expect(res.status).toBe(201);
    }
    const om = { meeting: made, date, now, clock: () => clockBefore(date, 30, 10) };
    for (let i = 0; i < 12; i++) await ask(om, { question: `Question ${i + 1}: what is being done about speeding on the A62 near Huddersfield, and when will the average speed cameras be switched on?` });
    await meeting({ start: `${new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10)}T10:00` }, now);

    step('cancel: data made');
    const context = await staffContext(browser, now);

    // Cancel through the form in the browser: the reason is required.
    const page = await context.newPage();
    await page.goto(`${endpoints().app}/staff/meetings/${made.id}/cancel`);
    await page.getByRole('button', { name: 'Cancel the meeting' }).click();
    await page.getByText('There is a problem').waitFor();
    expect(await problemsHere(page, 'cancel form with an error')).toEqual([]);
    await page.getByLabel('Why is the meeting cancelled?').fill('The commissioner is unwell. The items will come to the next meeting.');
    await page.getByLabel(/Move them to the next meeting/).check();
    await page.getByRole('button', { name: 'Cancel the meeting' }).click();
    await page.getByRole('heading', { name: /is cancelled$/ }).waitFor();
    expect(await page.locator('#moved-questions tbody tr').count()).toBe(12);
    step('cancel: cancelled');

    expect(await pageProblems(context, `/staff/meetings/${made.id}/cancel`)).toEqual([]);
    expect(await pageProblems(context, `/meetings/${made.id}`)).toEqual([]);
    expect(await pageProblems(context, `/meetings/${made.id}/questions/new`)).toEqual([]);
    await context.close();
  }, 240_000);
});
