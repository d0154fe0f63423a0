/**
 * The edit page, its confirm step and the schedule form's confirm step in real Chromium (issue 12
 * §3), on a meeting with several papers requested and an accepted question: at 375 and 1280 px
 * nothing scrolls sideways and axe-core (WCAG 2.2 AA) finds nothing. The confirm steps are the
 * answers to form posts, so they are reached by filling the forms, as a person does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch } from '../../support/browser.js';
import { endpoints } from '../../support/http.js';
import { pageProblems, problemsAt, problemsHere, staffContext, WIDTHS } from '../../support/page-checks.js';
import { unique } from '../../support/fixtures.js';
import { cycle, plusDays } from './support.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The width and axe problems of the page as it is now, at each width (the page is re-posted by `reach` for each). */
async function problemsAfter(context: BrowserContext, what: string, reach: (page: Page) => Promise<void>): Promise<string[]> {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    const page = await context.newPage();
    try {
      await page.setViewportSize({ width, height: 900 });
      await reach(page);
      problems.push(...(await problemsAt(page, what, width)));
    } finally {
      await page.close();
    }
  }
  return problems;
}

describe('meeting admin pages in Chromium', () => {
  it('the edit page and its confirm step fit 375 and 1280 px and pass axe, on a meeting with several papers', async () => {
    const c = await cycle({ requests: 4 });
    const context = await staffContext(browser, c.now);
    try {
      const newDate = plusDays(c.date, -7);
      const [y, m, d] = newDate.split('-');
      const toConfirmStep = async (page: Page) => {
        await page.goto(`${endpoints().app}/staff/meetings/${c.meetingId}/edit`);
        await page.getByLabel('Day').fill(String(Number(d)));
        await page.getByLabel('Month').fill(String(Number(m)));
        await page.getByLabel('Year').fill(y!);
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.getByRole('heading', { name: 'Check the changes before you save them' }).waitFor();
      };
      expect(await problemsAfter(context, 'edit confirm step', toConfirmStep)).toEqual([]);
      // With an error on a request's due date (keeping a date after the meeting is moved before it).
      const withError = async (page: Page) => {
        await page.goto(`${endpoints().app}/staff/meetings/${c.meetingId}/edit`);
        const early = plusDays(c.date, -35).split('-');
        await page.getByLabel('Day').fill(String(Number(early[2])));
        await page.getByLabel('Month').fill(String(Number(early[1])));
        await page.getByLabel('Year').fill(early[0]!);
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.locator('input[type=radio][value=keep]').first().check();
        await page.getByRole('button', { name: 'Save the changes' }).click();
        await page.getByText('There is a problem').waitFor();
      };
      expect(await problemsAfter(context, 'edit confirm step with an error', withError)).toEqual([]);
      // Saved: the page listing the due dates changed and each email's state.
      const page = await context.newPage();
      try {
        await toConfirmStep(page);
        await page.getByRole('button', { name: 'Save the changes' }).click();
        await page.getByRole('heading', { name: 'Meeting moved' }).waitFor();
        expect(await problemsHere(page, 'meeting moved')).toEqual([]);
      } finally {
        await page.close();
      }
    } finally {
      await context.close();
    }
  }, 300_000);

  it('the schedule form’s confirm step (a Saturday in the repeated October hour) fits and passes axe', async () => {
    const context = await staffContext(browser, '2042-09-01T09:00:00Z');
    try {
      const reach = async (page: Page) => {
        await page.goto(`${endpoints().app}/staff/meetings`);
        await page.getByLabel('Title').fill(unique('October meeting'));
        await page.getByLabel('Day').fill('26');
        await page.getByLabel('Month').fill('10');
        await page.getByLabel('Year').fill('2042');
        await page.getByLabel('Start time').fill('01:30');
        await page.getByLabel('Place').fill('Wellington House, Wakefield');
        await page.getByRole('button', { name: 'Schedule the meeting' }).click();
        await page.getByRole('heading', { name: 'Check the meeting before you schedule it' }).waitFor();
      };
      expect(await problemsAfter(context, 'schedule confirm step', reach)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
