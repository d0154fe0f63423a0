/**
 * Issue 14 §5 in Chromium: a question sent just after questions closed comes back on the refusal
 * page, so it is not lost, and that page (an answer to a post, so not in every-page.test.ts) fits
 * 375 and 1280 px with no axe-core finding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { contextAt, launch } from '../../support/browser.js';
import { problemsHere } from '../../support/page-checks.js';
import { endpoints } from '../../support/http.js';
import { clockBefore, meeting, uniqueTuesday } from '../../support/fixtures.js';
import { addDays } from '../../../shared/domain/time.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe('a question sent after questions closed', () => {
  it('is shown back on the refusal page, which fits both widths and passes axe', async () => {
    const date = uniqueTuesday();
    const open = clockBefore(date);
    const m = await meeting({ start: `${date}T14:00` }, open);
    const context = await contextAt(browser, open);
    try {
      const page = await context.newPage();
      await page.goto(`${endpoints().app}/meetings/${m.id}/questions/new`);
      await page.getByLabel('Your name').fill('Jane Example');
      await page.getByLabel('Email address').fill('jane.closed@example.org');
      await page.getByLabel('Leeds', { exact: true }).check();
      const typed = 'Why do 101 calls take so long to answer in the evenings, and what is being done about it?';
      await page.getByLabel('Your question').fill(typed);
      // The form was filled while questions were open; it is sent after they closed (a clock past the deadline).
      await context.setExtraHTTPHeaders({ 'x-scrutiny-now': `${addDays(date, -6)}T09:00:00Z` });
      await page.getByRole('button', { name: 'Send your question' }).click();
      await expect.poll(() => page.locator('#kept-question').count()).toBe(1);
      expect(await page.locator('.govuk-inset-text').last().innerText()).toContain(typed);
      expect(await problemsHere(page, 'questions closed, the question shown back')).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
