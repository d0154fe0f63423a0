/**
 * The pages that show a suppressed address (issue 14 §2) in real Chromium, with the notices shown:
 * the people list, a person's page and the question review queue, with a long address that bounced
 * and one that complained. Each fits 375 px and 1280 px without sideways scroll and axe (WCAG 2.2
 * AA) finds nothing. The notifications are injected by calling the handler in this process against
 * the shared local stack's table (nothing bounces locally).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { SNSEvent } from 'aws-lambda';
import { api, endpoints, page, signIn, uniqueEmail } from '../../support/http.js';
import { text } from '../../support/html.js';
import { launch } from '../../support/browser.js';
import { pageProblems, staffContext } from '../../support/page-checks.js';
import { bounceNotification, complaintNotification, snsEvent } from '../../support/ses-notifications.js';
import { ask, openMeeting } from '../questions/helpers.js';
import { useLocalEnv } from '../../../infra/local/env.js';

let browser: Browser;
let handler: (event: SNSEvent) => Promise<{ suppressed: number }>;
beforeAll(async () => {
  useLocalEnv(endpoints(), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
  ({ handler } = await import('../../../functions/record-mail-event.js'));
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('pages with a suppressed address at 375 and 1280 px', () => {
  it('pass the width and axe checks', async () => {
    const long = uniqueEmail('superintendent.matthew.davison-roads-policing-unit.wakefield-district');
    const person = (await api('POST', '/api/people', { name: 'Superintendent Matthew Davison-Smythe', role: 'Roads Policing', email: long })).body as { id: string };
    const om = await openMeeting();
    const bounced = await ask(om, { name: 'Jane Bounced', email: uniqueEmail('a-very-long-address-of-someone-who-asked.a-question-at-the-meeting') });
    const complained = await ask(om, { name: 'John Complained' });
    expect(await handler(snsEvent(bounceNotification([long, bounced.asker.email]), complaintNotification([complained.asker.email], { shape: 'event' })))).toMatchObject({ suppressed: 3 });

    const cookie = await signIn();
    for (const path of ['/staff/people', `/staff/people/${person.id}/edit`]) expect(text((await page(path, { cookie })).html)).toContain('no more email is sent to it');
    expect(text((await page(`/staff/meetings/${om.meeting.id}/questions`, { cookie, now: om.now })).html).split('no more email is sent to it')).toHaveLength(3);

    const context = await staffContext(browser, om.now);
    try {
      const problems = [
        ...(await pageProblems(context, '/staff/people')),
        ...(await pageProblems(context, `/staff/people/${person.id}/edit`)),
        ...(await pageProblems(context, `/staff/meetings/${om.meeting.id}/questions`)),
      ];
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
