/**
 * A member of the public asks a question in real Chromium (Debian's) against the local stack, with
 * JavaScript and without: the GOV.UK error summary on bad input, the word count as you type, the
 * confirmation with its reference. axe-core finds no violations on the form (also with errors),
 * the confirmation and the public meeting page after the meeting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from '../../support/page-checks.js';
import { endpoints, mailTo } from '../../support/http.js';
import { contextAt, launch } from '../../support/browser.js';
import { answer, ask, openMeeting, question, questions, review } from './helpers.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** axe-core's findings on the page (WCAG 2.2 AA tags), as "rule: target" lines (empty when there are none). */
const violations = axeViolations;

async function fillForm(page: Page, fields: { name: string; email: string; question: string; district?: string; publish?: boolean }) {
  await page.getByLabel('Your name').fill(fields.name);
  await page.getByLabel('Email address').fill(fields.email);
  await page.getByLabel(fields.district ?? 'Leeds', { exact: true }).check();
  await page.getByLabel('Your question').fill(fields.question);
  if (fields.publish) await page.getByLabel('Publish my name with my question').check();
}

describe('asking a question in the browser', () => {
  it('with JavaScript: the word count as you type, the error summary, the confirmation; axe finds nothing', async () => {
    const om = await openMeeting();
    const context = await contextAt(browser, om.now);
    const page = await context.newPage();
    const errors: string[] = [];
    // The page with the error summary is answered 400 on purpose; Chromium logs that as a console error.
    page.on('console', (m) => m.type() === 'error' && !/status of 400/.test(m.text()) && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${endpoints().app}/meetings/${om.meeting.id}/questions/new`);
    await expect.poll(() => page.title()).toContain('Ask a question');
    expect(await violations(page)).toEqual([]);

    // GOV.UK Frontend's character count, counting words.
    await page.getByLabel('Your question').fill('How many speed cameras are there');
    await expect.poll(() => page.locator('.govuk-character-count__status').innerText()).toBe('You have 144 words remaining');
    await page.getByLabel('Your question').fill(Array(152).fill('word').join(' '));
    await expect.poll(() => page.locator('.govuk-character-count__status').innerText()).toBe('You have 2 words too many');

    // Bad input: the error summary, focused, linking to each field.
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Send your question' }).click();
    await page.waitForURL(/\/questions$/);
    const summary = page.locator('.govuk-error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    await expect.poll(() => page.evaluate("document.activeElement?.classList.contains('govuk-error-summary')")).toBe(true);
    const problems = await summary.locator('a').allInnerTexts();
    expect(problems).toEqual([
      'Enter your name',
      'Enter your email address in the correct format, like name@example.org',
      'Select where you live',
      'Your question must be 150 words or fewer',
    ]);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await violations(page)).toEqual([]);
    await summary.getByRole('link', { name: 'Select where you live' }).click();
    await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('name')")).toBe('district');

    // Put it right and send.
    const email = `browser.${Date.now().toString(36)}@example.org`;
    await fillForm(page, { name: 'Jane Example', email, question: 'Will average speed cameras come to the A62 at Milnsbridge?', publish: true });
    await page.getByRole('button', { name: 'Send your question' }).click();
    await expect.poll(() => page.locator('.govuk-panel__title').innerText()).toBe('Question received');
    const reference = await page.locator('#reference').innerText();
    expect(reference).toMatch(new RegExp(`^COM-${om.date.replace(/-/g, '')}-\\d{3}$`));
    expect(await violations(page)).toEqual([]);
    const [mail] = await mailTo(email);
    expect(mail!.subject).toContain(reference);

    // The honeypot stays out of sight and out of the tab order.
    await page.goto(`${endpoints().app}/meetings/${om.meeting.id}/questions/new`);
    const honeypot = page.locator('input[name="website"]');
    expect(await honeypot.getAttribute('tabindex')).toBe('-1');
    // Its wrapper is GOV.UK's visually hidden box: 1px, clipped (not display:none, which some scripts skip).
    const wrapper = page.locator('.govuk-visually-hidden').filter({ has: honeypot });
    const box = await wrapper.boundingBox();
    expect((box?.width ?? 0) * (box?.height ?? 0)).toBeLessThanOrEqual(1);
    expect(await wrapper.evaluate('(el) => getComputedStyle(el).display')).not.toBe('none');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('without JavaScript: the same form works, errors and all', async () => {
    const om = await openMeeting();
    const context = await contextAt(browser, om.now, false);
    const page = await context.newPage();
    await page.goto(`${endpoints().app}/questions`);
    // "Ask a question" shows the form of the next open meeting (which may be another test's).
    await expect.poll(() => page.locator('h1').innerText()).toBe('Ask a question');
    await page.goto(`${endpoints().app}/meetings/${om.meeting.id}/questions/new`);
    expect(await page.locator('.govuk-character-count__status').count()).toBe(0);
    expect(await page.locator('#question-info').innerText()).toBe('You can enter up to 150 words');

    await page.getByRole('button', { name: 'Send your question' }).click();
    await page.waitForURL(/\/questions$/);
    expect(await page.locator('.govuk-error-summary a').allInnerTexts()).toEqual(['Enter your name', 'Enter your email address', 'Select where you live', 'Enter your question']);

    const email = `nojs.${Date.now().toString(36)}@example.org`;
    await fillForm(page, { name: 'Sam Example', email, question: 'Why was the Huddersfield front counter closed?', district: 'Outside West Yorkshire' });
    await page.getByRole('button', { name: 'Send your question' }).click();
    await expect.poll(() => page.locator('.govuk-panel__title').innerText()).toBe('Question received');
    const reference = await page.locator('#reference').innerText();
    // A refresh posts the form again: the same confirmation, no second question.
    await page.reload();
    await expect.poll(() => page.locator('#reference').innerText()).toBe(reference);
    expect(await questions(om.meeting.id)).toHaveLength(1);
    expect(await mailTo(email)).toHaveLength(1);
    await context.close();
  });

  it('the public meeting page after the meeting passes axe, with questions and answers on it', async () => {
    const om = await openMeeting();
    const { question: q } = await ask(om, { name: 'Jane Consenting', publishName: true });
    const { question: q2 } = await ask(om);
    await review(om.meeting.id, q.id, { version: 1, outcome: 'accept' }, om.clock());
    await review(om.meeting.id, q2.id, { version: 1, outcome: 'group', leadId: q.id }, om.clock());
    const lead = await question(om.meeting.id, q.id);
    const after = `${om.date}T18:00:00.000Z`;
    expect((await answer(om.meeting.id, q.id, { version: lead.version, mode: 'meeting', text: 'Yes, in the spring.\nSecond paragraph.', livestreamAt: '45:10' }, after)).status).toBe(200);

    const context = await browser.newContext({ extraHTTPHeaders: { 'x-scrutiny-now': after } });
    const page = await context.newPage();
    await page.goto(`${endpoints().app}/meetings/${om.meeting.id}`);
    await expect.poll(() => page.locator('#questions').innerText()).toBe('Questions from the public');
    const section = await page.locator('main').innerText();
    expect(section).toContain('Asked by Jane Consenting');
    expect(section).toContain('2 similar questions, answered together');
    expect(section).toContain('45:10 into the livestream');
    expect(await violations(page)).toEqual([]);
    await context.close();
  });
});
