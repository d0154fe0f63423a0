import { describe, expect, it } from 'vitest';
import { archiveStatus, atomFeed, buildIndex, byYear, FEED_ENTRIES, previousMeeting, publishedOf, search, snippet, terms, type SearchDoc } from '../../../shared/domain/archive';
import { newMeeting } from '../../../shared/domain/meetings';
import type { Meeting } from '../../../shared/schemas/entities';

const made = (start: string, fields: Partial<Meeting> = {}): Meeting => ({ ...newMeeting({ title: 'Community Outcomes Meeting', start, place: 'Wellington House' }, new Date('2021-01-01T00:00:00Z')).meeting, ...fields });

describe('the archive: status and what is published', () => {
  const m = made('2021-12-07T14:00');
  it('is upcoming before, held three hours after the start (or when marked), cancelled when cancelled', () => {
    expect(archiveStatus(m, new Date('2021-12-07T14:00:00Z'), 3)).toBe('upcoming');
    expect(archiveStatus(m, new Date('2021-12-07T17:00:00Z'), 3)).toBe('held');
    expect(archiveStatus({ ...m, status: 'held' }, new Date('2021-12-01T00:00:00Z'), 3)).toBe('held');
    expect(archiveStatus({ ...m, status: 'cancelled' }, new Date('2022-01-01T00:00:00Z'), 3)).toBe('cancelled');
  });

  it('reads the agenda pack, minutes (draft or approved), answers (after the start) and recording from the meeting item', () => {
    const after = new Date('2021-12-08T00:00:00Z');
    expect(publishedOf(m, after)).toEqual({ agendaPack: false, minutes: undefined, answers: false, recording: undefined });
    const full = { ...m, status: 'held' as const, publishedAt: '2021-11-29T09:00:00Z', minutesStatus: 'published-draft' as const, answersPublishedAt: '2021-12-01T00:00:00Z', recordingUrl: 'https://example.org/r' };
    expect(publishedOf(full, after)).toEqual({ agendaPack: true, minutes: 'draft', answers: true, recording: 'https://example.org/r' });
    expect(publishedOf({ ...full, minutesStatus: 'approved' }, after).minutes).toBe('approved');
    expect(publishedOf({ ...full, minutesStatus: 'draft' }, after).minutes).toBeUndefined();
    // A written answer before the meeting is not public until it starts.
    expect(publishedOf({ ...full, status: 'agenda-published' }, new Date('2021-12-07T13:00:00Z')).answers).toBe(false);
  });

  it('groups by London year, newest first', () => {
    const list = [made('2021-09-14T14:00'), made('2022-03-08T14:00'), made('2021-12-07T14:00'), made('2022-01-01T00:30')];
    const years = byYear(list);
    expect(years.map((y) => y.year)).toEqual(['2022', '2021']);
    expect(years[0]!.meetings.map((x) => x.startLocal)).toEqual(['2022-03-08T14:00', '2022-01-01T00:30']);
    expect(years[1]!.meetings.map((x) => x.startLocal)).toEqual(['2021-12-07T14:00', '2021-09-14T14:00']);
    expect(byYear([])).toEqual([]);
  });

  it('finds the previous meeting: the latest earlier one not cancelled', () => {
    const sept = made('2021-09-14T14:00');
    const oct = made('2021-10-12T14:00', { status: 'cancelled' });
    const dec = made('2021-12-07T14:00');
    const mar = made('2022-03-08T14:00');
    expect(previousMeeting([mar, oct, sept, dec], dec)?.id).toBe(sept.id);
    expect(previousMeeting([mar, oct, sept, dec], mar)?.id).toBe(dec.id);
    expect(previousMeeting([sept], sept)).toBeUndefined();
  });
});

describe('search', () => {
  const docs: SearchDoc[] = [
    { kind: 'paper', meetingId: '01B', title: 'Road Safety', body: 'Report by Chief Inspector Roads', href: '/meetings/01B#agenda' },
    { kind: 'minutes', meetingId: '01A', title: 'Minutes of Community Outcomes Meeting', body: 'The Chief Constable gave an update on road safety and safeguarding.\n\nVision Zero was discussed.', href: '/meetings/01A/minutes' },
    { kind: 'question', meetingId: '01C', title: 'Why are there no speed cameras on the A62?', body: 'Cameras are placed where collisions happen.', href: '/meetings/01C#questions' },
  ];
  const index = buildIndex(docs);

  it('splits text into lower-case words without stop words or accents', () => {
    expect(terms('The Chief Constable’s café, A62!')).toEqual(['chief', 'constable', 's', 'cafe', 'a62'].filter((t) => t.length >= 2));
  });

  it('finds docs holding every word, a word matching the words it begins, titles weighing more', () => {
    expect(search(index, 'road safety').map((h) => h.kind)).toEqual(['paper', 'minutes']);
    expect(search(index, 'safeguard').map((h) => h.kind)).toEqual(['minutes']);
    expect(search(index, 'A62 cameras').map((h) => h.kind)).toEqual(['question']);
    expect(search(index, 'road cameras')).toEqual([]);
    expect(search(index, 'the of')).toEqual([]);
    expect(search(index, '')).toEqual([]);
  });

  it('cuts a snippet around the first word found', () => {
    const long = `${'Opening words. '.repeat(30)}The Chief Constable spoke about knife crime. ${'Closing words. '.repeat(30)}`;
    const s = snippet(long, ['knife']);
    expect(s).toContain('knife crime');
    expect(s.startsWith('… ')).toBe(true);
    expect(s.endsWith(' …')).toBe(true);
    expect(s.length).toBeLessThanOrEqual(205);
    expect(snippet('Short text.', ['x'])).toBe('Short text.');
  });
});

describe('the Atom feed', () => {
  const feed = { id: 'https://x.example/meetings.atom', title: 'Papers & minutes', selfUrl: 'https://x.example/meetings.atom', siteUrl: 'https://x.example/meetings', author: 'Office', fallbackUpdated: '2021-12-01T00:00:00.000Z' };

  it('has the feed’s id, title, updated and links, and each entry newest first with id, title, updated and link, escaped', () => {
    const xml = atomFeed(feed, [
      { id: 'tag:x.example,2021-01-01:meetings/A/agenda', title: 'Agenda <A>', updated: '2021-11-29T09:00:00.000Z', link: 'https://x.example/meetings/A' },
      { id: 'tag:x.example,2021-01-01:meetings/A/minutes', title: 'Minutes', updated: '2021-12-10T09:00:00.000Z', link: 'https://x.example/meetings/A/minutes', summary: 'Draft "minutes"' },
    ]);
    expect(xml).toContain('<title>Papers &amp; minutes</title>');
    expect(xml).toContain('<updated>2021-12-10T09:00:00.000Z</updated>\n  <author>');
    expect(xml.indexOf('meetings/A/minutes</id>')).toBeLessThan(xml.indexOf('meetings/A/agenda</id>'));
    expect(xml).toContain('<title>Agenda &lt;A&gt;</title>');
    expect(xml).toContain('<summary>Draft &quot;minutes&quot;</summary>');
    expect(xml).toContain('<link rel="self" type="application/atom+xml" href="https://x.example/meetings.atom"/>');
  });

  it('keeps the newest FEED_ENTRIES, and says when it was last updated with none', () => {
    const many = Array.from({ length: FEED_ENTRIES + 5 }, (_, i) => ({ id: `tag:x,2021:${i}`, title: `${i}`, updated: new Date(Date.UTC(2021, 0, 1 + i)).toISOString(), link: 'https://x.example/' }));
    const xml = atomFeed(feed, many);
    expect(xml.match(/<entry>/g)).toHaveLength(FEED_ENTRIES);
    expect(xml).not.toContain('<id>tag:x,2021:0</id>');
    expect(atomFeed(feed, [])).toContain('<updated>2021-12-01T00:00:00.000Z</updated>');
  });
});
