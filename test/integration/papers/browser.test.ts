/**
 * The paper cycle in real Chromium against the local stack and the S3 emulator: the author opens
 * the link from the request email (read back from the SES emulator) with JavaScript off, uploads a
 * real PDF through the presigned form straight to S3, confirms the points; the office sees it on
 * time, returns it once; the author sends version 2; the office accepts it and publishes the agenda
 * pack; the public meeting page offers the paper, and the downloaded bytes are the uploaded file.
 * axe-core finds no violations on any page of the way.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../../support/page-checks.js';
import { contextAt, launch } from '../../support/browser.js';
import { api, endpoints, mailTo } from '../../support/http.js';
import { linkFrom, PDF, requestPaper } from '../../support/papers.js';

const pdfPath = join(__dirname, '../../fixtures/road-safety.pdf');

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** axe-core's findings, as "page rule: target" lines. axe runs in the page: only in contexts with JavaScript on. */
const seen: string[] = [];
async function axe(page: Page) {
  seen.push(...(await axeViolations(page)).map((v) => `${page.url()} ${v}`));
}

async function uploadAndConfirm(page: Page, link: string, points: string[], summary: string, check: (page: Page) => Promise<void>) {
  await page.goto(endpoints().app + link);
  await check(page);
  await page.getByLabel('Your paper').setInputFiles(pdfPath);
  await page.getByRole('button', { name: 'Upload the file' }).click();
  await page.waitForURL(/\/uploaded\?upload=/);
  await expect.poll(() => page.locator('h1').innerText()).toBe('Confirm what your paper covers');
  await check(page);
  for (const point of points) await page.getByLabel(point).check();
  await page.getByLabel('Summary').fill(summary);
  await page.getByRole('button', { name: 'Submit the paper' }).click();
  await expect.poll(() => page.locator('.govuk-panel').innerText()).toContain('Paper submitted');
  await check(page);
}
const noCheck = async () => undefined;

describe('papers in the browser', () => {
  it('runs submission, return, resubmission, acceptance and publication end to end', async () => {
    const { meeting, request, author, now } = await requestPaper({ points: ['Update on Vision Zero', 'Update on Op Snap'] });
    const link = await linkFrom(author.email);
    const errors: string[] = [];
    const watch = (p: Page) => p.on('console', (m) => m.type() === 'error' && errors.push(`${p.url()}: ${m.text()}`));

    // The author, without JavaScript: upload version 1 and confirm both points.
    const authorContext: BrowserContext = await contextAt(browser, now, false);
    const authorPage = await authorContext.newPage();
    watch(authorPage);
    await uploadAndConfirm(authorPage, link, ['Update on Vision Zero', 'Update on Op Snap'], 'Vision Zero: the 2021 figures. Op Snap: submissions and outcomes.', noCheck);
    expect(await authorPage.locator('main').innerText()).toContain('on time');
    await mailTo(author.email, 1, /^Paper received:/);

    // The office signs in, sees it on time with both points, and returns it with comments.
    const staff = await contextAt(browser, now);
    const staffPage = await staff.newPage();
    watch(staffPage);
    await staffPage.goto(`${endpoints().app}/sign-in`);
    await staffPage.getByLabel('Email address').fill('engagement.manager@example.org');
    await staffPage.getByLabel('Password', { exact: true }).fill('scrutiny-local');
    await staffPage.getByRole('button', { name: 'Sign in' }).click();
    await staffPage.waitForURL(/\/staff$/);
    await staffPage.goto(`${endpoints().app}/staff/meetings/${meeting.id}`);
    const row = staffPage.locator('#tracking-table tbody tr').filter({ hasText: request.title });
    await expect.poll(() => row.innerText()).toContain('On time');
    expect(await row.innerText()).toContain('Version 1');
    expect(await row.innerText()).toContain('2 of 2');
    await axe(staffPage);
    await row.getByRole('link', { name: request.title, exact: true }).click();
    await axe(staffPage);
    await staffPage.getByLabel('Return with comments').fill('Please add the casualty figures for each district.');
    await staffPage.getByRole('button', { name: 'Return to the author' }).click();
    await expect.poll(() => staffPage.locator('.govuk-notification-banner').innerText()).toContain('Paper returned to the author');
    await mailTo(author.email, 1, /^Changes needed/);

    // The author sees the comments at the same link and sends version 2 (this time with JavaScript on, and axe checking each page).
    await authorPage.goto(endpoints().app + link);
    expect(await authorPage.locator('.govuk-notification-banner').innerText()).toContain('casualty figures for each district');
    const authorWithScripts = await (await contextAt(browser, now)).newPage();
    watch(authorWithScripts);
    await uploadAndConfirm(authorWithScripts, link, ['Update on Vision Zero', 'Update on Op Snap'], 'Now with the figures for each district.', axe);
    expect(await authorWithScripts.locator('.govuk-panel').innerText()).toContain('Version 2');

    // The office accepts version 2, then publishes the agenda pack on its publication date.
    await staffPage.reload();
    await staffPage.getByRole('button', { name: 'Accept the paper' }).click();
    await expect.poll(() => staffPage.locator('.govuk-notification-banner').innerText()).toContain('Paper accepted');
    const publication = (await api('GET', `/api/meetings/${meeting.id}`, undefined, { now })).body.meeting.deadlines.agendaPublication;
    await staff.setExtraHTTPHeaders({ 'x-scrutiny-now': `${publication}T09:00:00.000Z` });
    await staffPage.goto(`${endpoints().app}/staff/meetings/${meeting.id}#publication`);
    await staffPage.getByRole('button', { name: 'Publish the agenda pack' }).click();
    await expect.poll(() => staffPage.locator('.govuk-notification-banner').innerText()).toContain('The agenda pack is published');

    // The public page, without JavaScript: the paper with its sponsor and author; the download is the file.
    const visitor = await contextAt(browser, `${publication}T10:00:00.000Z`, false);
    const publicPage = await visitor.newPage();
    await publicPage.goto(`${endpoints().app}/`);
    await publicPage.getByRole('link', { name: new RegExp(meeting.title) }).first().waitFor();
    await publicPage.goto(`${endpoints().app}/meetings/${meeting.id}`);
    const agenda = await publicPage.locator('#agenda-list').innerText();
    expect(agenda).toContain(request.title);
    expect(agenda).toContain('Report author: Chief Inspector Roads');
    expect(await publicPage.locator('a[href="https://www.youtube.com/@WestYorkshireCA"]').count()).toBe(1);
    // axe, with JavaScript on: the public page, and the page of a wrong author link.
    for (const path of [`/meetings/${meeting.id}`, `/papers/${request.id}/not-the-secret`]) {
      await staffPage.goto(endpoints().app + path);
      await axe(staffPage);
    }
    const [download] = await Promise.all([
      publicPage.waitForEvent('download'),
      publicPage.getByRole('link', { name: `Download the paper: ${request.title}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${request.title} - version 2.pdf`);
    const bytes = await readFile((await download.path())!);
    expect(bytes.equals(PDF)).toBe(true);

    // The wrong link's page answers 404, which Chromium logs; nothing else may.
    expect(errors.filter((e) => !e.includes('/not-the-secret:'))).toEqual([]);
    expect(seen).toEqual([]);
    await Promise.all([authorContext.close(), authorWithScripts.context().close(), staff.close(), visitor.close()]);
  });
});
