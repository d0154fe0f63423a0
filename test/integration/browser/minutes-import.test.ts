/**
 * Importing past minutes (issue 13 §4) in real Chromium: the September 2021 seed's .docx uploaded
 * through the form, its proposal (every field editable, the "not placed" lines listed) at 375 and
 * 1280 px with axe finding nothing, then the same form with an error; saved, it lands on the
 * imported meeting's page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { launch } from '../../support/browser.js';
import { problemsHere, staffContext } from '../../support/page-checks.js';
import { endpoints } from '../../support/http.js';
import { uniqueTuesday } from '../../support/fixtures.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const september = fileURLToPath(new URL('../../fixtures/minutes/com-2021-09-14-minutes-and-dec-2021-papers.docx', import.meta.url));

describe('the import pages in Chromium', () => {
  it('upload, review (375 and 1280 px, axe), an error, then save', async () => {
    const date = uniqueTuesday();
    const context = await staffContext(browser, `${date}T18:00:00Z`);
    const page = await context.newPage();
    await page.goto(`${endpoints().app}/staff/minutes/import`);
    await page.getByLabel('Upload the minutes').setInputFiles(september);
    await page.getByRole('button', { name: 'Read the minutes' }).click();
    await page.getByRole('heading', { name: 'Check the imported minutes' }).waitFor();
    expect(await page.getByLabel('Title of item 6').inputValue()).toBe('Drugs and Alcohol Misuse');
    expect(await problemsHere(page, 'the imported minutes to review')).toEqual([]);

    // Saved without saying whether they are approved: the form again, with its error.
    const [year, month, day] = date.split('-');
    await page.getByLabel('Day').fill(day!);
    await page.getByLabel('Month').fill(month!);
    await page.getByLabel('Year').fill(year!);
    await page.getByLabel('Place').fill('Wellington House, Wakefield');
    await page.getByRole('button', { name: 'Save the imported meeting' }).click();
    await page.getByText('There is a problem').waitFor();
    expect(await problemsHere(page, 'the imported minutes with an error')).toEqual([]);

    await page.getByLabel('No, publish them as a draft to approve at the next meeting').check();
    await page.getByRole('button', { name: 'Save the imported meeting' }).click();
    await page.waitForURL(/\/staff\/meetings\/[0-9A-Z]{26}$/);
    await context.close();
  }, 240_000);
});
