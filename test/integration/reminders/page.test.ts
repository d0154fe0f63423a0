/**
 * The staff reminders page on realistic data, in real Chromium: a meeting with four papers
 * requested, three accepted public questions, reminders sent, failed, retrying and coming up. It
 * names the subject of every reminder, fits 375 and 1280 px with axe clean, and its switches are
 * one form of checkboxes: with JavaScript off, unticking two and saving stores exactly those two
 * (read back through the API) and the page shows them off; saving the same form again changes nothing.
 *
 * The sent, failed and retrying entries are written through the reminder store's own `queue` (as the
 * sweep does), with their emails as the outbox leaves them, rather than by running the sweep, which
 * would sweep every other test file's meetings on the shared table too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { contextAt, launch } from '../../support/browser.js';
import { pageProblems, staffContext } from '../../support/page-checks.js';
import { api, endpoints, postForm, signIn, uniqueEmail } from '../../support/http.js';
import { useLocalEnv } from '../../../infra/local/env.js';

const NOW = '2021-11-16T09:00:00.000Z';
const people = {
  roads: { author: { name: 'Chief Inspector, Roads Policing', email: uniqueEmail('ci-roads') }, sponsor: { name: 'ACC, Operational Support', email: uniqueEmail('acc-ops') } },
  safeguarding: { author: { name: 'Detective Superintendent, Safeguarding', email: uniqueEmail('dsupt-safe') }, sponsor: { name: 'ACC, Crime', email: uniqueEmail('acc-crime') } },
  violence: { author: { name: 'Superintendent, Serious Violence', email: uniqueEmail('supt-violence') }, sponsor: { name: 'ACC, Crime (Serious Violence)', email: uniqueEmail('acc-crime-sv') } },
  prevent: { author: { name: 'Superintendent, Prevent', email: uniqueEmail('supt-prevent') }, sponsor: { name: 'ACC, Specialist Operations', email: uniqueEmail('acc-specops') } },
};
const askers = [
  { name: 'A Resident of Leeds', email: uniqueEmail('asker-leeds') },
  { name: 'A Resident of Kirklees', email: uniqueEmail('asker-kirklees') },
  { name: 'A Resident of Wakefield', email: uniqueEmail('asker-wakefield') },
];

let browser: Browser;
let meetingId: string;
const path = () => `/staff/meetings/${meetingId}/reminders`;

interface Listed {
  log: { description: string; status: string; kind: string }[];
  upcoming: { description: string; kind: string; to: { email: string }; off: boolean }[];
  kinds: { kind: string; off: boolean }[];
  recipients: { email: string; off: boolean }[];
}
const listed = async () => (await api<Listed>('GET', `/api/meetings/${meetingId}/reminders`, undefined, { now: NOW })).body;

beforeAll(async () => {
  browser = await launch();
  const e = endpoints();
  useLocalEnv(e, { POWERTOOLS_LOG_LEVEL: 'ERROR' });
  const planning = await import('../../../shared/app/planning.js');
  const questions = await import('../../../shared/app/questions.js');
  const { meetingReminders, reminderLog } = await import('../../../shared/app/reminders.js');
  const { reminderStore } = await import('../../../shared/store/reminders.js');
  const at = (iso: string) => new Date(iso);

  // The 7 December 2021 meeting, four papers requested on 18 October (due Monday 15 November).
  const [meeting] = await planning.createMeetings([{ title: 'Community Outcomes Meeting', start: '2021-12-07T14:00', place: 'Wellington House, Wakefield', livestreamUrl: 'https://example.org/live' }], at('2021-09-20T09:00:00Z'));
  meetingId = meeting!.id;
  const titles = { roads: 'Road Safety', safeguarding: 'Safeguarding', violence: 'Serious Violent Crime', prevent: 'Countering Terrorism – Prevent' };
  for (const [k, title] of Object.entries(titles) as [keyof typeof titles, string][]) {
    const topic = await planning.createTopic({ title, points: ['An update'], source: { kind: 'staff' } }, at('2021-09-20T09:00:00Z'));
    await planning.createRequest(meetingId, { topicId: topic.id, ...people[k] }, e.app, at('2021-10-18T09:00:00Z'));
  }
  // Three public questions, asked and accepted.
  for (const [i, asker] of askers.entries()) {
    const asked = await questions.submitQuestion({
      meetingId,
      form: { name: asker.name, email: asker.email, district: 'Leeds', question: `How is the Op Snap footage used? (${i})`, publishName: false },
      idempotencyKey: `reminders-page-${meetingId}-${i}`,
      sourceIp: `192.0.2.${40 + i}`,
      baseUrl: e.app,
      now: at('2021-11-10T10:00:00Z'),
    });
    if (asked.kind !== 'created') throw new Error(`question not created: ${asked.kind}`);
    await questions.reviewQuestion(meetingId, asked.questionId, { version: 1, outcome: 'accept' }, 'em', at('2021-11-11T10:00:00Z'));
  }

  // What the sweeps and the outbox did up to the morning of 16 November: the week and day reminders
  // sent, and of the overdue notices queued at 08:00 one failed outright, one is waiting to be tried
  // again and one is being sent. Written as the outbox leaves them, without a message, so the local
  // stack's outbox sender (this is its table) never takes them up again.
  const all = (await meetingReminders(meetingId, at('2021-11-01T09:00:00Z'))).upcoming;
  for (const r of all.filter((x) => x.kind === 'paper-due-week' || x.kind === 'paper-due-day' || x.kind === 'paper-overdue')) {
    const settled = new Date(new Date(r.dueAt).getTime() + 1000).toISOString();
    const state =
      r.kind === 'paper-overdue' && r.to.email === people.violence.author.email
        ? { status: 'failed' as const, error: 'MessageRejected: Email address is on the suppression list: the address bounced' }
        : r.kind === 'paper-overdue' && r.to.email === people.prevent.sponsor.email
          ? { status: 'retrying' as const, nextAttemptAt: '2021-11-16T10:00:00.000Z', error: 'Throttling: Maximum sending rate exceeded.' }
          : r.kind === 'paper-overdue' && r.to.email === people.prevent.author.email
            ? { status: 'sending' as const, leaseUntil: '2021-11-16T08:01:00.000Z' }
            : { status: 'sent' as const, sentAt: settled, messageId: `local-${r.key}` };
    const log = reminderLog(r, r.key, at(r.dueAt));
    await reminderStore.queue(log, { subjectId: r.key, meetingId, purpose: 'reminder', round: 'once', to: r.to.email, attempts: 1, createdAt: r.dueAt, updatedAt: settled, ...state });
  }
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe('the staff reminders page', () => {
  it('names the subject and the recipient’s part of every reminder, sent and coming up', async () => {
    const { log, upcoming } = await listed();
    const descriptions = [...log, ...upcoming].map((r) => r.description);
    expect(descriptions).toEqual(expect.arrayContaining([
      'Paper overdue: Road Safety, to the author',
      'Paper overdue: Road Safety, to the sponsor',
      'Paper overdue: Serious Violent Crime, to the engagement manager',
      'Paper due in a week: Safeguarding, to the author (copy to the sponsor)',
      'Digest 10 working days before the meeting, to the engagement manager',
    ]));
    expect(descriptions.filter((d) => /^Meeting reminder: question COM-20211207-\d{3}, to the person who asked it$/.test(d))).toHaveLength(3);
    expect(log.find((l) => l.description === 'Paper overdue: Serious Violent Crime, to the author')?.status).toBe('failed');
    expect(log.find((l) => l.description === 'Paper overdue: Countering Terrorism – Prevent, to the sponsor')?.status).toBe('retrying');

    const cookie = await signIn();
    const html = await (await fetch(endpoints().app + path(), { headers: { cookie, 'x-scrutiny-now': NOW } })).text();
    for (const d of descriptions) expect(html).toContain(d);
    // One form of checkboxes, not a button per switch.
    expect(html.split(`action="${path()}"`)).toHaveLength(2);
    expect(html.match(/type="checkbox"/g)).toHaveLength(8 + 12);
    expect(html).not.toContain('Switch off');
  });

  it('fits 375 and 1280 px and axe-core finds nothing', async () => {
    const context = await staffContext(browser, NOW);
    try {
      expect(await pageProblems(context, path())).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000); // axe at two widths: slow on a busy machine

  it('without JavaScript, unticking two switches and saving stores exactly those two', async () => {
    const context: BrowserContext = await contextAt(browser, NOW, false);
    const cookie = await signIn();
    const eq = cookie.indexOf('=');
    await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: endpoints().app }]);
    try {
      const page = await context.newPage();
      await page.goto(endpoints().app + path());
      const digest = page.getByRole('checkbox', { name: 'Digest 3 working days before (engagement manager)' });
      const sponsor = page.getByRole('checkbox', { name: people.roads.sponsor.name, exact: true });
      expect(await digest.isChecked()).toBe(true);
      expect(await sponsor.isChecked()).toBe(true);
      await digest.uncheck();
      await sponsor.uncheck();
      await page.getByRole('button', { name: 'Save the switches' }).click();
      await page.waitForURL(`**${path()}#switches`);

      const after = await listed();
      expect(after.kinds.filter((k) => k.off).map((k) => k.kind)).toEqual(['digest-3-days']);
      expect(after.recipients.filter((r) => r.off).map((r) => r.email)).toEqual([people.roads.sponsor.email.toLowerCase()]);
      expect(after.recipients.length).toBe(1 + 8 + 3); // the engagement manager, four authors and four sponsors, three askers
      expect(after.upcoming.filter((u) => u.off).map((u) => u.kind).sort()).toEqual(['digest-3-days']);

      // The page shows them unticked, the others ticked, and the digest as off in "Coming up".
      expect(await digest.isChecked()).toBe(false);
      expect(await sponsor.isChecked()).toBe(false);
      expect(await page.getByRole('checkbox', { name: people.roads.author.name, exact: true }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: 'Paper overdue (author, sponsor, engagement manager)' }).isChecked()).toBe(true);
      const digestRow = page.locator('#upcoming + .app-table-container tr', { hasText: 'Digest 3 working days before the meeting' });
      await expect.poll(() => digestRow.innerText()).toContain('Off');

      // The same form again (a refresh, a double click): nothing changes.
      await page.getByRole('button', { name: 'Save the switches' }).click();
      await page.waitForURL(`**${path()}#switches`);
      expect(await listed()).toEqual(after);

      // Ticking them again switches them back on.
      await digest.check();
      await sponsor.check();
      await page.getByRole('button', { name: 'Save the switches' }).click();
      await page.waitForURL(`**${path()}#switches`);
      const back = await listed();
      expect(back.kinds.every((k) => !k.off) && back.recipients.every((r) => !r.off)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('refuses a switch that is not one of the reminders with a clear 400, saving nothing', async () => {
    const cookie = await signIn();
    const res = await postForm(path(), { kindsListed: ['digest-3-days', 'not-a-kind'], recipientsListed: 'not an email' }, { cookie, now: NOW });
    expect(res.status).toBe(400);
    expect(res.html).toContain('That switch is not one of this meeting’s reminders');
    expect((await listed()).kinds.every((k) => !k.off)).toBe(true);
  });

  it('writes all the switches or none: one changed meanwhile by someone else is a 409, nothing saved', async () => {
    const { reminderStore } = await import('../../../shared/store/reminders.js');
    const at = new Date(NOW);
    await reminderStore.setSwitches(meetingId, [{ what: 'kind', value: 'pack-published', off: true }], 'first tab', at);
    // A second tab read both as on and now switches both off: the one already off fails its condition.
    const both = [{ what: 'kind' as const, value: 'digest-10-days', off: true }, { what: 'kind' as const, value: 'pack-published', off: true }];
    await expect(reminderStore.setSwitches(meetingId, both, 'second tab', at)).rejects.toMatchObject({ status: 409 });
    expect((await listed()).kinds.filter((k) => k.off).map((k) => k.kind)).toEqual(['pack-published']);
    await reminderStore.setSwitches(meetingId, [{ what: 'kind', value: 'pack-published', off: false }], 'first tab', at);
    expect((await listed()).kinds.every((k) => !k.off)).toBe(true);
  });
});
