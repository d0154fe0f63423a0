/**
 * The planning cycle as the engagement manager does it, in real Chromium against the local stack:
 * sign in, schedule a meeting, see its deadlines, add the future topics from the 14 September 2021
 * minutes, request a paper, see both request emails in the SES emulator's web view, record an action
 * and find it under matters arising of the following meeting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { endpoints, mailTo, uniqueEmail } from '../../support/http.js';
import { meeting } from '../../support/fixtures.js';
import { contextAt, launch } from '../../support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function scheduleMeeting(page: Page, day: string, month: string, year: string, time: string) {
  await page.goto(`${endpoints().app}/staff/meetings`);
  await page.getByLabel('Day').fill(day);
  await page.getByLabel('Month').fill(month);
  await page.getByLabel('Year').fill(year);
  await page.getByLabel('Start time').fill(time);
  await page.getByLabel('Place').fill('Wellington House, Wakefield');
  await page.getByLabel('Livestream link (optional)').fill('https://www.youtube.com/@WestYorkshireCA');
  await page.getByRole('button', { name: 'Schedule the meeting' }).click();
  await page.waitForURL(/\/staff\/meetings\/[0-9A-Z]{26}/);
  return page.url();
}

describe('planning in the browser', () => {
  it('runs the engagement manager’s planning work end to end', async () => {
    const context = await contextAt(browser, '2021-11-01T09:00:00Z');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    // Sign in.
    await page.goto(`${endpoints().app}/staff/meetings`);
    await expect.poll(() => page.url()).toContain('/sign-in');
    await page.getByLabel('Email address').fill('engagement.manager@example.org');
    await page.getByLabel('Password', { exact: true }).fill('scrutiny-local');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/staff\/meetings$/);

    // Schedule the December meeting (Tuesday 14:00) and see its deadlines.
    const meetingUrl = await scheduleMeeting(page, '7', '12', '2021', '14:00');
    const deadlines = await page.locator('#deadlines').locator('..').innerText();
    expect(deadlines).toContain('Monday 15 November 2021');
    expect(deadlines).toContain('Monday 29 November 2021');
    expect(deadlines).toContain('Tuesday 30 November 2021');

    // The five future agenda items from the 14 September 2021 minutes.
    const tag = Math.random().toString(36).slice(2, 6);
    const topics = ['Countering Terrorism', 'Safeguarding', 'Serious Violent Crime', 'Road Safety', 'Exception Report theme to be agreed'].map((t) => `${t} (${tag})`);
    for (const title of topics) {
      await page.goto(`${endpoints().app}/staff/topics`);
      await page.getByLabel('Topic', { exact: true }).fill(title);
      if (title.startsWith('Road Safety')) await page.getByLabel('Points the paper should cover (optional)').fill('Update on Vision Zero\nUpdate on Op Snap');
      await page.getByLabel('Added by staff').check();
      await page.getByRole('button', { name: 'Add the topic' }).click();
      await expect.poll(() => page.getByText(title).count()).toBeGreaterThan(0);
    }

    // Request the Road Safety paper from its sponsor.
    const sponsor = uniqueEmail('acc');
    const author = uniqueEmail('ci');
    await page.goto(meetingUrl);
    await page.getByRole('button', { name: 'Request a paper' }).click();
    await page.getByLabel('Topic').selectOption({ label: topics[3]! });
    await page.getByLabel('Sponsor’s name').fill('ACC, Operational Support');
    await page.getByLabel('Sponsor’s email address').fill(sponsor);
    await page.getByLabel('Author’s name').fill('Chief Inspector, Roads Policing');
    await page.getByLabel('Author’s email address').fill(author);
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.waitForURL(/sent=/);
    await expect.poll(() => page.locator('.govuk-notification-banner').innerText()).toContain('Paper requested from');
    const tracking = await page.locator('#tracking-table').innerText();
    expect(tracking).toContain(topics[3]);
    expect(tracking).toContain('14 days left');

    // Both request emails reach the SES emulator (the outbox sends them a moment after the request is saved).
    expect(await mailTo(author, 1, /Paper requested/)).toHaveLength(1);
    expect(await mailTo(sponsor, 1, /You are sponsoring a paper/)).toHaveLength(1);

    // Record an action; it comes back under matters arising of the next meeting.
    await page.goto(meetingUrl);
    const action = `WYP to provide further information on the reporting portal for partners (${tag})`;
    await page.getByLabel('Action', { exact: true }).fill(action);
    await page.getByLabel('Owner').fill('WYP');
    await page.getByRole('button', { name: 'Record the action' }).click();
    await expect.poll(() => page.locator('#actions').locator('..').innerText()).toContain(action);

    await scheduleMeeting(page, '8', '3', '2022', '14:00');
    await expect.poll(() => page.locator('#matters-arising').locator('..').innerText()).toContain(action);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('works without JavaScript: the public page lists the meeting with its livestream link', async () => {
    const place = `Town Hall ${Math.random().toString(36).slice(2, 7)}`;
    await meeting({ start: '2033-05-10T14:00', place, livestreamUrl: 'https://example.org/live/may' }, '2033-05-01T09:00:00Z');
    const context = await contextAt(browser, '2033-05-01T09:00:00Z', false);
    const page = await context.newPage();
    await page.goto(`${endpoints().app}/`);
    const item = page.locator('li, tr, .govuk-summary-card, section').filter({ hasText: place }).last();
    await expect.poll(() => item.innerText()).toContain('Tuesday 10 May 2033');
    await expect.poll(() => item.locator('a[href="https://example.org/live/may"]').count()).toBe(1);
    await context.close();
  });
});
