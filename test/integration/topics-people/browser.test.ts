/**
 * The pages of issue 12 §3 in real Chromium, on realistic data: 20 topics in every state (open,
 * scheduled with a paper, on the agenda as a verbal item, closed with a reason), 15 actions across
 * 3 meetings (open, ongoing, completed, overdue), a dozen people with long names and addresses.
 * Each page fits 375 px and 1280 px without sideways scroll and axe (WCAG 2.2 AA) finds nothing,
 * with GOV.UK Frontend's scripts running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { api, uniqueEmail } from '../../support/http.js';
import { daysBefore, meeting, unique, uniqueTuesday } from '../../support/fixtures.js';
import { launch } from '../../support/browser.js';
import { pageProblems, staffContext } from '../../support/page-checks.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const addDays = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

describe('topics, people, verbal items and actions pages at 375 and 1280 px', () => {
  it('pass the width and axe checks on realistic data', async () => {
    const date = uniqueTuesday();
    const now = daysBefore(date, 40);
    const call = async (method: string, path: string, body?: unknown, status = 201) => {
      const res = await api(method, path, body, { now });
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(status);
      return res.body;
    };
    const meetings = [
      await meeting({ start: `${addDays(date, -56)}T14:00` }, daysBefore(date, 100)),
      await meeting({ start: `${addDays(date, -28)}T14:00` }, daysBefore(date, 100)),
      await meeting({ start: `${date}T14:00` }, daysBefore(date, 100)),
    ];
    const next = meetings[2]!;

    // A dozen people, some with long roles and addresses.
    const people = [];
    for (let i = 0; i < 12; i++) {
      people.push(
        await call('POST', '/api/people', {
          name: unique(i % 3 === 0 ? 'Detective Chief Superintendent Alexandra Montgomery-Fairweather' : 'Supt Matt Davison'),
          role: i % 2 ? 'Assistant Chief Constable, Specialist Crime and Safeguarding Directorate' : undefined,
          email: uniqueEmail(i % 3 === 0 ? 'alexandra.montgomery-fairweather.specialist-crime' : 'supt'),
        }),
      );
    }

    // 20 topics: 8 open, 5 with a paper requested, 3 on the agenda as verbal items, 4 closed.
    const points = ['Update on Vision Zero and the partnership plan to 2040', 'Op Snap digital footage submissions and their outcomes', 'Casualty figures by district: Bradford, Calderdale, Kirklees, Leeds, Wakefield'];
    const topics = [];
    for (let i = 0; i < 20; i++) {
      topics.push(await call('POST', '/api/topics', { title: unique(['Road Safety', 'Safeguarding', 'Serious Violent Crime', 'Countering Terrorism'][i % 4]!), points: points.slice(0, i % 4), source: { kind: 'staff' } }));
    }
    for (const t of topics.slice(8, 13)) {
      await call('POST', `/api/meetings/${next.id}/requests`, { topicId: t.id, sponsor: { personId: people[0]!.id }, author: { personId: people[(t.title.length % 11) + 1]!.id } });
    }
    let version = (await call('GET', `/api/meetings/${next.id}`, undefined, 200)).meeting.version;
    for (const [i, t] of topics.slice(13, 16).entries()) {
      version = (await call('POST', `/api/meetings/${next.id}/agenda/items`, { version, topicId: t.id, format: i ? 'verbal update' : 'presentation', presenter: 'Assistant Chief Constable, Specialist Crime' })).meeting.version;
    }
    version = (await call('POST', `/api/meetings/${next.id}/agenda/items`, { version, title: 'The West Yorkshire Safer Roads partnership: the year in figures', format: 'presentation' })).meeting.version;
    for (const t of topics.slice(16)) await call('PATCH', `/api/topics/${t.id}`, { version: 1, status: 'closed', reason: 'Covered by the Safer Roads partnership presentation in the spring' }, 200);

    // 15 actions across the 3 meetings: target dates past and future, some ongoing or completed.
    for (let i = 0; i < 15; i++) {
      const m = meetings[i % 3]!;
      const a = await call('POST', `/api/meetings/${m.id}/actions`, {
        text: `WYP to provide further information on the reporting portal for partners, with figures for each district (${i + 1})`,
        owner: i % 2 ? 'West Yorkshire Police' : 'Office of the Deputy Mayor for Policing and Crime',
        ...(i % 4 ? { targetDate: addDays(now.slice(0, 10), (i % 5) * 7 - 14) } : {}),
      });
      if (i % 3 === 1) await call('PATCH', `/api/meetings/${m.id}/actions/${a.id}`, { version: 1, status: i % 2 ? 'ongoing' : 'completed', note: 'Figures to follow with the Road Safety paper' }, 200);
    }

    // The lists, at this size (every page is also checked on the realistic cycle: browser/every-page.test.ts).
    const paths = ['/staff/topics', '/staff/people', '/staff/actions?status=all'];
    // JavaScript on: GOV.UK Frontend's scripts run (axe runs in the page, so it needs it too; the
    // forms without JavaScript are exercised over HTTP in pages.test.ts).
    const context = await staffContext(browser, now);
    try {
      const problems: string[] = [];
      for (const path of paths) problems.push(...(await pageProblems(context, path)));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 420_000);
});
