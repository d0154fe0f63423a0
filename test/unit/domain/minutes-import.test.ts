import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMinutes, plain } from '../../../shared/domain/minutes-import';
import type { MinutesProposal } from '../../../shared/schemas/minutes-import';

const seed = (name: string) => readFileSync(new URL(`../../fixtures/seeds/${name}`, import.meta.url), 'utf8');
const seeds = {
  '2015': 'com-2015-08-04-minutes.txt',
  '2018': 'com-2018-06-19-minutes.txt',
  '2021-09': 'com-2021-09-14-minutes-and-dec-2021-papers.txt',
  '2021-12': 'com-2021-12-07-minutes.txt',
} as const;

const counts = (p: MinutesProposal) => ({
  items: p.items.length,
  actions: p.items.reduce((n, i) => n + i.actions.length, 0),
  futureItems: p.futureItems.length,
  present: p.attendance.present.length,
  alsoPresent: p.attendance.alsoPresent.length,
  apologies: p.attendance.apologies.length,
});

/** Everything the proposal holds, as one text: a line is placed if its words are in it. */
const everything = (p: MinutesProposal) =>
  [
    p.title,
    ...Object.values(p.attendance).flat().map((a) => [a.name, a.role, a.organisation].join(' ')),
    ...p.items.flatMap((i) => [i.title, i.notes, ...i.actions.map((a) => a.text)]),
    ...p.futureItems,
    p.futureItemsNote ?? '',
    ...p.notPlaced.map((n) => n.text),
  ].join('\n').replace(/\s+/g, ' ');

describe('parseMinutes: every seed', () => {
  for (const [label, file] of Object.entries(seeds)) {
    it(`${label}: every line is in a field or "not placed" with a reason`, () => {
      const text = seed(file);
      const { proposal, fates } = parseMinutes(text);
      const lines = text.replace(/\r\n?/g, '\n').split('\n');
      expect(fates).toHaveLength(lines.length);
      const all = everything(proposal);
      const notPlacedLines = new Set(proposal.notPlaced.flatMap((n) => Array.from({ length: (n.toLine ?? n.line) - n.line + 1 }, (_, k) => n.line + k)));
      lines.forEach((line, i) => {
        const words = plain(line).trim();
        if (!words) return expect(fates[i]).toBe('blank');
        if (fates[i] === 'not-placed') return expect(notPlacedLines.has(i + 1), `line ${i + 1} "${words}" is not placed but not listed`).toBe(true);
        expect(fates[i], `line ${i + 1}`).not.toBe('blank');
        // The date, time and attendance headings are read into fields, not copied; every other line's words are in the proposal.
        if (['date', 'heading', 'item', 'attendance'].includes(fates[i]!)) return;
        const start = words.replace(/^actions?\s*[–-]\s*/i, '').replace(/^[-•]\s+/, '').replace(/^(?:[a-z]|\d{1,2})[).]\s+/i, '').replace(/\s+/g, ' ').slice(0, 60).toLowerCase();
        expect(all.toLowerCase().includes(start), `line ${i + 1} "${words}" is in no field`).toBe(true);
      });
      for (const n of proposal.notPlaced) expect(n.reason.length).toBeGreaterThan(10);
    });
  }
});

describe('parseMinutes: 4 August 2015 (no actions; future items as a note)', () => {
  const { proposal: p } = parseMinutes(seed(seeds['2015']));
  it('finds the date, times, items and attendance', () => {
    expect(p).toMatchObject({ title: 'Community Outcomes Meeting', date: '2015-08-04', startTime: '14:00', endTime: '15:30', issues: [] });
    expect(counts(p)).toEqual({ items: 9, actions: 0, futureItems: 0, present: 4, alsoPresent: 3, apologies: 0 });
    expect(p.items[3]!.title).toBe('Human Trafficking');
    expect(p.attendance.alsoPresent[1]!).toEqual({ name: 'Sharon Waugh', role: 'Engagement Manager' });
    expect(p.futureItemsNote).toMatch(/^A draft list was being pulled together/);
    expect(p.notPlaced).toEqual([]);
  });
  it('says which attendee it could not split into name and role', () => {
    expect(p.warnings.join('\n')).toContain('Mark Burns-Williamson West Yorkshire Police and Crime Commissioner (PCC)');
  });
});

describe('parseMinutes: 19 June 2018 ("Action –" lines; a future items list)', () => {
  const { proposal: p } = parseMinutes(seed(seeds['2018']));
  it('counts and texts', () => {
    expect(counts(p)).toEqual({ items: 10, actions: 6, futureItems: 5, present: 6, alsoPresent: 3, apologies: 1 });
    expect(p.date).toBe('2018-06-19');
    expect(p.issues).toEqual([{ field: 'startTime', message: expect.stringContaining('start time') }]);
    expect(p.items[6]!.actions).toEqual([{ text: 'WYP to provide further information on the reporting portal for partners', owner: 'WYP' }]);
    expect(p.items[7]!.actions[0]).toMatchObject({ owner: 'PCC' });
    expect(p.attendance.apologies).toEqual([{ name: 'John Robins', role: 'Deputy Chief Constable (DCC)' }]);
    expect(p.attendance.present[3]!).toEqual({ name: 'Catherine Hankinson', role: 'Assistant Chief Constable (ACC)' });
    expect(p.futureItems).toContain('Use of Force, including Firearms');
    expect(p.futureItemsNote).toBe('Make Sure Criminal Justice Works and the following agenda items:');
    expect(p.nextMeeting).toBe('Tuesday 18th September at 14:00');
  });
});

describe('parseMinutes: 14 September 2021 (ACTIONS lists, two columns run together, papers appended)', () => {
  const { proposal: p } = parseMinutes(seed(seeds['2021-09']));
  it('counts and texts', () => {
    expect(counts(p)).toEqual({ items: 12, actions: 6, futureItems: 5, present: 4, alsoPresent: 3, apologies: 3 });
    expect(p).toMatchObject({ date: '2021-09-14', startTime: '15:00', endTime: '17:00', nextMeeting: '7 December 2021 at 1400' });
    expect(p.items[4]!.title).toBe('Anti-Social Behaviour');
    expect(p.items[4]!.actions.map((a) => a.text)).toEqual(['DMPC to visit a Neighbourhood Forum', 'ASB Question set data to be included in the next ASB update report']);
    // "- 6. Drugs and Alcohol Misuse ..." follows the actions list as if it were a list item: it is item 6.
    expect(p.items[5]!.title).toBe('Drugs and Alcohol Misuse');
    expect(p.items[5]!.notes).toMatch(/^The DMPC asked what WYP were doing/);
    expect(p.futureItems).toEqual(['Countering Terrorism', 'Safeguarding', 'Serious Violent Crime', 'Road Safety', 'Exception Report theme to be agreed']);
    expect(p.attendance.apologies.map((a) => a.name)).toEqual(['Tracy Brabin', 'Russ Foster', 'Allison Kemp']);
    expect(p.attendance.present.map((a) => a.name)).toEqual(['Alison Lowe', 'John Robins', 'Damien Miller', 'Ben Ryder']);
    expect(p.attendance.present[2]!).toEqual({ name: 'Damien Miller', role: 'T/ACC', organisation: 'WYP' });
  });
  it('says what the two columns did to the roles', () => {
    expect(p.warnings[0]!).toMatch(/Alison Lowe: the role "Deputy Mayor for" looks cut off/);
  });
  it('stops at the end of the minutes: the appended papers are "not placed", with the reason', () => {
    const tail = p.notPlaced.at(-1)!;
    expect(tail.text).toMatch(/^Chief Officer Team Briefing for COM/);
    expect(tail.reason).toMatch(/After the end of the minutes/);
    expect(p.items.at(-1)).toMatchObject({ title: 'Next Meeting', notes: '7 December 2021 at 1400' });
  });
});

describe('parseMinutes: 7 December 2021 (markdown headings, one ACTION paragraph, future items as a sentence)', () => {
  const { proposal: p } = parseMinutes(seed(seeds['2021-12']));
  it('counts and texts', () => {
    expect(counts(p)).toEqual({ items: 11, actions: 1, futureItems: 0, present: 7, alsoPresent: 4, apologies: 2 });
    expect(p.items.map((i) => i.title).slice(3, 8)).toEqual(['Counter Terrorism - Prevent', 'Safeguarding', 'Serious Violence Crime', 'Road Safety', 'Violence Against Women and girls']);
    expect(p.items[4]!.actions).toEqual([{ text: 'Results of the National Wellbeing survey to be shared with DMPC when they are available.' }]);
    expect(p.futureItemsNote).toBe('To be agreed in line with the new Police and Crime plan');
    expect(p.items[9]).toMatchObject({ title: 'Any Other Business', notes: 'There were none.' });
    expect(p.attendance.apologies).toEqual([{ name: 'Tracy Brabin', role: 'Mayor for West Yorkshire' }, { name: 'Russ Foster', role: 'Deputy Chief Constable' }]);
    expect(p.attendance.present[0]!).toEqual({ name: 'Alison Lowe', role: 'Deputy Mayor for Policing and Crime (DMPC)' });
    expect(p.nextMeeting).toBe('15 March 2022 at 1400');
  });
});

describe('parseMinutes: what it cannot read', () => {
  it('asks for the date rather than guess one', () => {
    const { proposal } = parseMinutes('Community Outcomes Meeting\n\nLast Tuesday\n\n1. Welcome\n\nHello.');
    expect(proposal.date).toBeUndefined();
    expect(proposal.issues.map((i) => i.field)).toEqual(['date', 'startTime']);
    expect(proposal.notPlaced).toEqual([{ line: 3, text: 'Last Tuesday', reason: expect.any(String) }]);
  });
  it('takes a numbered line as an item only if it is the next number', () => {
    const { proposal } = parseMinutes('4 May 2021 2pm\n\n1. Welcome\n\n3. Not an item\n\n2. Urgent items');
    expect(proposal.items.map((i) => i.title)).toEqual(['Welcome', 'Urgent items']);
    expect(proposal.items[0]!.notes).toBe('3. Not an item');
  });
});
