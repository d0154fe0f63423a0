/**
 * Scheduling a series (issue 12 §3) through its page with no JavaScript (plain form posts): the
 * preview shows every meeting with its deadlines and flags a bank holiday, nothing is saved until
 * "Create all N meetings", which makes every one; bad input gets a clear message on the form.
 */
import { describe, expect, it } from 'vitest';
import { api, page, postForm, signIn } from '../../support/http.js';
import { text } from '../../support/html.js';

const now = '2021-11-01T09:00:00Z';
const place = () => `Wellington House, Wakefield ${Math.random().toString(36).slice(2, 8)}`;

const between = async (from: string, to: string, where: string) =>
  ((await api('GET', `/api/meetings?from=${from}&to=${to}`, undefined, { now })).body.meetings as any[]).filter((m) => m.place === where);

describe('scheduling a series through its page, without JavaScript', () => {
  it('is linked from the meetings list', async () => {
    const cookie = await signIn();
    expect((await page('/staff/meetings', { cookie, now })).html).toContain('href="/staff/meetings/series"');
    const form = await page('/staff/meetings/series', { cookie, now });
    expect(form.status).toBe(200);
    expect(text(form.html)).toContain('How do the meetings repeat?');
  });

  it('previews a list of dates with their deadlines, flags the bank holiday, then creates all of them', async () => {
    const cookie = await signIn();
    const where = place();
    const fields = { title: 'Community Outcomes Meeting', pattern: 'dates', dates: '14/12/2021\n28/12/2021\n15/3/2022', time: '14:00', place: where, livestreamUrl: '' };
    const preview = await postForm('/staff/meetings/series', { ...fields, action: 'preview' }, { cookie, now });
    expect(preview.status).toBe(200);
    const shown = text(preview.html);
    expect(shown).toContain('Check the meetings before creating them');
    expect(shown).toContain('1. Tuesday 14 December 2021 at 2pm');
    expect(shown).toContain('3. Tuesday 15 March 2022 at 2pm');
    // The deadlines of 14 December: agenda publication (5 clear working days before), questions (7 days before).
    expect(shown).toContain('Papers due Monday 22 November 2021');
    expect(shown).toContain('Agenda publication Monday 6 December 2021');
    expect(shown).toContain('Question deadline Tuesday 7 December 2021');
    expect(shown).toContain('Tuesday 28 December 2021 is a bank holiday (Boxing Day (substitute day)).');
    expect(shown).toContain('1 meeting has a warning');
    expect(shown).toContain('Create all 3 meetings');
    expect(await between('2021-12-01', '2022-03-31', where)).toEqual([]);

    const made = await postForm('/staff/meetings/series', { ...fields, action: 'create' }, { cookie, now });
    expect(made.status, text(made.html).slice(0, 400)).toBe(303);
    expect(made.location).toBe('/staff/meetings?scheduled=3');
    const list = await between('2021-12-01', '2022-03-31', where);
    expect(list.map((m) => m.startLocal)).toEqual(['2021-12-14T14:00', '2021-12-28T14:00', '2022-03-15T14:00']);
    expect(text((await page(made.location!, { cookie, now })).html)).toContain('3 meetings scheduled');
  });

  it('previews every N weeks from a first date, flagging the bank holiday it lands on', async () => {
    const cookie = await signIn();
    const where = place();
    // Every 2 weeks from 13 December 2022: 27 December 2022 is a bank holiday (Christmas Day's substitute).
    const fields = { title: 'Community Outcomes Meeting', pattern: 'every', 'first-day': '13', 'first-month': '12', 'first-year': '2022', everyWeeks: '2', count: '3', time: '15:00', place: where };
    const preview = text((await postForm('/staff/meetings/series', { ...fields, action: 'preview' }, { cookie, now })).html);
    expect(preview).toContain('2. Tuesday 27 December 2022 at 3pm');
    expect(preview).toMatch(/Tuesday 27 December 2022 is a bank holiday/);
    expect(preview).toContain('Create all 3 meetings');
    const made = await postForm('/staff/meetings/series', { ...fields, action: 'create' }, { cookie, now });
    expect(made.status).toBe(303);
    expect((await between('2022-12-01', '2023-01-31', where)).map((m) => m.startLocal)).toEqual(['2022-12-13T15:00', '2022-12-27T15:00', '2023-01-10T15:00']);
  });

  it('flags a date already past and the repeated October hour, saying which of the two it takes', async () => {
    const cookie = await signIn();
    const fields = { title: 'Community Outcomes Meeting', pattern: 'dates', dates: '1/10/2021\n30/10/2022', time: '01:30', place: place(), action: 'preview' };
    const shown = text((await postForm('/staff/meetings/series', fields, { cookie, now })).html);
    expect(shown).toContain('Friday 1 October 2021 at 1:30am has already passed.');
    expect(shown).toContain("London's clocks show 01:30 twice on Sunday 30 October 2022");
    expect(shown).toContain('01:30 BST (before the clocks go back) is used: to take the other, change this meeting’s time once it is created.');
    expect(shown).toContain('Sunday 30 October 2022 is a Sunday.');
    expect(shown).toContain('2 meetings have warnings');
  });

  it.each([
    ['a count of 0', { pattern: 'every', 'first-day': '7', 'first-month': '12', 'first-year': '2021', everyWeeks: '13', count: '0' }, 'Create at least 1 meeting'],
    ['13 dates', { pattern: 'dates', dates: Array.from({ length: 13 }, (_, i) => `${i + 1}/12/2021`).join('\n') }, 'Create at most 12 meetings at a time'],
    ['a date twice', { pattern: 'dates', dates: '7/12/2021\n07/12/2021' }, 'The list gives the same date twice (2021-12-07): give each date once'],
    ['no pattern', {}, 'Choose how the meetings repeat'],
  ])('refuses %s with a clear message on the form, creating nothing', async (_what, extra, message) => {
    const cookie = await signIn();
    const where = place();
    for (const action of ['preview', 'create']) {
      const res = await postForm('/staff/meetings/series', { title: 'Community Outcomes Meeting', time: '14:00', place: where, action, ...extra }, { cookie, now });
      expect(res.status).toBe(400);
      const shown = text(res.html);
      expect(shown).toContain('There is a problem');
      expect(shown).toContain(message);
    }
    expect(await between('2021-12-01', '2022-12-31', where)).toEqual([]);
  });
});
