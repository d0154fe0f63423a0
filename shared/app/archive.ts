/**
 * The public archive (issue 13 §3): every meeting by year with what is published for it, search
 * across what is published, and the Atom feed of published agenda packs and minutes. Each reads the
 * meetings in one Query (gsi1 `MEETINGS`: the meeting item carries its minutes' state and when its
 * answers were published); search adds one Query of the sparse gsi2 `PUBLISHED`, in parallel.
 */
import * as archive from '../domain/archive.js';
import { formatLondonDate, londonDate } from '../domain/time.js';
import { isAfterMeeting } from '../domain/questions.js';
import { notesBlocks } from '../domain/minutes.js';
import { config } from '../config.js';
import type { Meeting } from '../schemas/entities.js';
import { meetingStore, type MeetingBundle } from '../store/store.js';
import { archiveStore } from '../store/archive.js';
import { asOfNow } from './planning.js';
import { byCodePoint } from '../domain/order.js';

const heldAfterHours = () => config().MEETING_HELD_AFTER_HOURS;

/**
 * The archive page: meetings by year, newest first, with their status and what is published. One
 * year's (`year`), or by default last year's, this year's and every later one, so the page does not
 * grow with the years; the earlier years are links (from the first meeting's, read on its own).
 */
export async function meetingArchive(now: Date, year?: number) {
  const thisYear = Number(londonDate(now.toISOString()).slice(0, 4));
  const from = year ?? thisYear - 1;
  // gsi1 sorts by the UTC start; London's new year is at midnight GMT, so a year's UTC range is its London range.
  const [list, first] = await Promise.all([meetingStore.list(`${from}`, year === undefined ? '9999' : `${year + 1}`), meetingStore.firstStart()]);
  const rows = list.map((m) => {
    const status = archive.archiveStatus(m, now, heldAfterHours());
    return { id: m.id, title: m.title, start: m.start, place: m.place, status, published: archive.publishedOf({ ...m, status: status === 'held' ? 'held' : m.status }, now) };
  });
  const firstYear = first ? Number(londonDate(first).slice(0, 4)) : thisYear;
  const lastYear = Math.max(thisYear, year ?? thisYear);
  const otherYears: number[] = [];
  for (let y = lastYear; y >= firstYear; y--) if (year === undefined ? y < from : y !== year) otherYears.push(y);
  return { years: archive.byYear(rows), year, otherYears };
}

/** The most results a search shows. */
export const SEARCH_RESULTS = 50;

/**
 * Search across published papers' titles, published minutes and answered questions: one Query of
 * `PUBLISHED` and the meetings list (for titles and dates), in parallel, then an index built in
 * memory for this request (linear in what is published: see the README's "The public archive").
 * A question shows once its meeting has started (as on the meeting page); nothing of a cancelled meeting.
 */
export async function searchArchive(query: string, now: Date) {
  const [published, list] = await Promise.all([archiveStore.published(), meetingStore.list()]);
  const meetings = new Map(list.map((m) => [m.id, m]));
  const docs: archive.SearchDoc[] = [];
  const shown = (id: string): Meeting | undefined => {
    const m = meetings.get(id);
    return m && m.status !== 'cancelled' ? m : undefined;
  };
  for (const r of published.papers) {
    const m = shown(r.meetingId);
    if (m) docs.push({ kind: 'paper', meetingId: m.id, title: r.title, body: `Report by ${r.author.name}, sponsored by ${r.sponsor.name}`, href: `/meetings/${m.id}#agenda` });
  }
  for (const mins of published.minutes) {
    const m = shown(mins.meetingId);
    if (!m) continue;
    const body = [...mins.sections.map((s) => s.notes), ...mins.futureItems.map((f) => f.title), mins.futureItemsNote ?? ''].join('\n\n');
    docs.push({ kind: 'minutes', meetingId: m.id, title: `${mins.status === 'approved' ? 'Minutes' : 'Draft minutes'} of ${m.title}`, body, href: `/meetings/${m.id}/minutes` });
  }
  for (const q of published.questions) {
    const m = shown(q.meetingId);
    if (m && q.answer && isAfterMeeting(m, now)) docs.push({ kind: 'question', meetingId: m.id, title: q.text, body: q.answer.text, href: `/meetings/${m.id}#questions` });
  }
  const hits = archive.search(archive.buildIndex(docs), query, SEARCH_RESULTS);
  return {
    searched: docs.length,
    results: hits.map((h) => ({ ...h, meetingTitle: meetings.get(h.meetingId)!.title, meetingDate: meetings.get(h.meetingId)!.start })),
  };
}

/**
 * The Atom feed: an entry per published agenda pack and per publication of minutes (as a draft,
 * then approved: the same entry id, updated), newest first, at most FEED_ENTRIES. One Query.
 */
export async function archiveFeed(now: Date, baseUrl: string) {
  const list = await meetingStore.list();
  const host = new URL(baseUrl).host;
  // A tag: URI (RFC 4151) per entry: stable whatever the page addresses become.
  const tag = (m: Meeting, what: string) => `tag:${host},${m.createdAt.slice(0, 10)}:meetings/${m.id}/${what}`;
  const entries: archive.FeedEntry[] = [];
  for (const m of list) {
    if (m.status === 'cancelled') continue;
    const date = formatLondonDate(m.start);
    if (m.publishedAt) {
      entries.push({ id: tag(m, 'agenda'), title: `Agenda and papers: ${m.title}, ${date}`, updated: m.publishedAt, link: `${baseUrl}/meetings/${m.id}`, summary: `The agenda pack for the meeting on ${date} at ${m.place} is published.` });
    }
    if (m.minutesPublishedAt && (m.minutesStatus === 'published-draft' || m.minutesStatus === 'approved')) {
      const approved = m.minutesStatus === 'approved';
      entries.push({
        id: tag(m, 'minutes'),
        title: `${approved ? 'Minutes' : 'Draft minutes'}: ${m.title}, ${date}`,
        updated: m.minutesPublishedAt,
        link: `${baseUrl}/meetings/${m.id}/minutes`,
        summary: approved ? `The minutes of the meeting on ${date}, approved as a correct record.` : `The draft minutes of the meeting on ${date}, to be approved at the next meeting.`,
      });
    }
  }
  return archive.atomFeed(
    {
      id: `${baseUrl}/meetings.atom`,
      title: `${config().ORGANISATION_NAME}: meeting papers and minutes`,
      selfUrl: `${baseUrl}/meetings.atom`,
      siteUrl: `${baseUrl}/meetings`,
      author: config().ORGANISATION_NAME,
      fallbackUpdated: now.toISOString(),
    },
    entries,
  );
}

const minutesPublished = (m: Pick<Meeting, 'minutesStatus'>) => m.minutesStatus === 'published-draft' || m.minutesStatus === 'approved';

/**
 * What the public meeting page shows besides its agenda (issue 13 §3): whether it took place; once
 * held, its published minutes (draft or approved) with the attendance, each agenda item's notes,
 * the actions raised at it and the recording; and for item 2, the previous meeting's minutes (the
 * latest earlier meeting not cancelled: one single-page Query). A draft is never shown.
 */
export async function publicRecord(bundle: MeetingBundle, now: Date) {
  const meeting = asOfNow(bundle.meeting, now);
  const held = meeting.status === 'held';
  const previous = archive.previousMeeting(await archiveStore.meetingsBefore(bundle.meeting.start), bundle.meeting);
  const minutes = held && bundle.minutes && bundle.minutes.status !== 'draft' ? bundle.minutes : undefined;
  const titles = new Map(bundle.agendaItems.map((a) => [a.id, a.title]));
  return {
    held,
    recordingUrl: held ? meeting.recordingUrl : undefined,
    minutes: minutes && {
      approved: minutes.status === 'approved',
      approvedOn: minutes.approvedOn,
      publishedAt: minutes.publishedAt,
      attendance: minutes.attendance,
      futureItems: minutes.futureItems.map((f) => f.title),
      futureItemsNote: minutes.futureItemsNote,
      href: `/meetings/${meeting.id}/minutes`,
    },
    /** Each agenda item's notes and recording time, by agenda item id. */
    sections: Object.fromEntries((minutes?.sections ?? []).filter((x) => x.notes.trim() || x.recordingAt).map((x) => [x.agendaItemId, { blocks: notesBlocks(x.notes), recordingAt: x.recordingAt }])),
    actions: held
      ? [...bundle.actions]
          .sort((a, b) => byCodePoint(a.createdAt, b.createdAt))
          .map((a) => ({ text: a.text, owner: a.owner, targetDate: a.targetDate, status: a.status, agendaItem: a.agendaItemId ? titles.get(a.agendaItemId) : undefined }))
      : [],
    previous: previous && {
      id: previous.id,
      start: previous.start,
      minutes: minutesPublished(previous) ? { approved: previous.minutesStatus === 'approved', href: `/meetings/${previous.id}/minutes` } : undefined,
    },
  };
}
