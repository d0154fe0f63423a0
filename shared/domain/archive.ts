/**
 * The public archive (issue 13 §3), pure: every meeting by year with what is published for it, the
 * previous meeting (whose minutes item 2 approves), a small search index built per request, and the
 * Atom feed of published agenda packs and minutes. Clock and settings are passed in.
 */
import type { Meeting } from '../schemas/entities.js';
import { londonDate } from './time.js';
import { statusAt } from './meetings.js';
import { byCodePoint } from './order.js';

export type ArchiveStatus = 'upcoming' | 'held' | 'cancelled';

/** What the public can read about a meeting: upcoming, held (stored, or counted as held at `now`), cancelled. */
export function archiveStatus(meeting: Pick<Meeting, 'start' | 'status'>, now: Date, heldAfterHours: number): ArchiveStatus {
  const status = statusAt(meeting, now, heldAfterHours);
  return status === 'cancelled' ? 'cancelled' : status === 'held' ? 'held' : 'upcoming';
}

/** What is published for a meeting, read from the meeting item alone (so the archive is one Query). */
export function publishedOf(meeting: Meeting, now: Date) {
  const answersShown = meeting.answersPublishedAt !== undefined && meeting.status !== 'cancelled' && (meeting.status === 'held' || now.toISOString() >= meeting.start);
  return {
    agendaPack: meeting.publishedAt !== undefined && meeting.status !== 'cancelled',
    minutes: meeting.minutesStatus === 'published-draft' ? ('draft' as const) : meeting.minutesStatus === 'approved' ? ('approved' as const) : undefined,
    answers: answersShown,
    recording: meeting.recordingUrl,
  };
}

export interface ArchiveYear<M> {
  year: string;
  meetings: M[];
}

/** Every meeting grouped by its London year, newest year first and newest meeting first within it. */
export function byYear<M extends Pick<Meeting, 'start' | 'id'>>(list: M[]): ArchiveYear<M>[] {
  const years = new Map<string, M[]>();
  const newestFirst = [...list].sort((a, b) => (a.start === b.start ? byCodePoint(b.id, a.id) : byCodePoint(b.start, a.start)));
  for (const m of newestFirst) {
    const year = londonDate(m.start).slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), m]);
  }
  return [...years].map(([year, meetings]) => ({ year, meetings }));
}

/** The meeting before this one whose minutes its item 2 takes: the latest earlier meeting not cancelled. */
export function previousMeeting<M extends Pick<Meeting, 'id' | 'start' | 'status'>>(list: M[], meeting: Pick<Meeting, 'id' | 'start'>): M | undefined {
  return list
    .filter((m) => m.id !== meeting.id && m.status !== 'cancelled' && m.start < meeting.start)
    .sort((a, b) => byCodePoint(a.start, b.start))
    .at(-1);
}

// ---- search ----

/** One thing the search can find: a published paper, a meeting's minutes, an answered question. */
export interface SearchDoc {
  kind: 'paper' | 'minutes' | 'question';
  meetingId: string;
  /** The paper's title; for minutes and questions, what the result is headed with. */
  title: string;
  /** The searchable text besides the title (minutes' notes; the question and its answer). */
  body: string;
  /** Where the result links to. */
  href: string;
}

export interface SearchHit extends SearchDoc {
  score: number;
  /** Up to SNIPPET_CHARS of the body around the first term found (or its start). */
  snippet: string;
}

/** Words shorter than this are ignored, in the query and the text. */
const MIN_TERM = 2;
const SNIPPET_CHARS = 200;
const STOP_WORDS = new Set(['the', 'and', 'of', 'to', 'in', 'a', 'an', 'for', 'on', 'at', 'by', 'is', 'it', 'be', 'as', 'with', 'was', 'are', 'that', 'this', 'from', 'or']);

/** Lower-case words (letters and digits, any script), without stop words. */
export function terms(text: string): string[] {
  return (text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length >= MIN_TERM && !STOP_WORDS.has(t));
}

/**
 * An inverted index over the docs: each word to the docs holding it with how often (a title word
 * counts three times). Built per request from one Query: linear in the text's size.
 */
export function buildIndex(docs: SearchDoc[]) {
  const postings = new Map<string, Map<number, number>>();
  docs.forEach((doc, i) => {
    const add = (t: string, weight: number) => {
      const docsOf = postings.get(t) ?? new Map<number, number>();
      docsOf.set(i, (docsOf.get(i) ?? 0) + weight);
      postings.set(t, docsOf);
    };
    for (const t of terms(doc.title)) add(t, 3);
    for (const t of terms(doc.body)) add(t, 1);
  });
  return { docs, postings, words: [...postings.keys()] };
}
export type SearchIndex = ReturnType<typeof buildIndex>;

/**
 * The docs holding every word of the query (a query word matches a word it begins, so "safeguard"
 * finds "safeguarding"), best first: the sum of the matches' weights, then the newest meeting.
 */
export function search(index: SearchIndex, query: string, limit = 50): SearchHit[] {
  const wanted = [...new Set(terms(query))];
  if (!wanted.length) return [];
  let scores: Map<number, number> | undefined;
  for (const w of wanted) {
    const these = new Map<number, number>();
    for (const word of index.words) {
      if (!word.startsWith(w)) continue;
      for (const [doc, n] of index.postings.get(word)!) these.set(doc, (these.get(doc) ?? 0) + n);
    }
    scores = scores ? new Map([...scores].filter(([doc]) => these.has(doc)).map(([doc, n]) => [doc, n + these.get(doc)!])) : these;
    if (!scores.size) return [];
  }
  return [...scores!]
    .sort((a, b) => b[1] - a[1] || byCodePoint(index.docs[b[0]]!.meetingId, index.docs[a[0]]!.meetingId))
    .slice(0, limit)
    .map(([i, score]) => ({ ...index.docs[i]!, score, snippet: snippet(index.docs[i]!.body, wanted) }));
}

/** A short passage of the text around the first query word in it, cut at word boundaries. */
export function snippet(text: string, wanted: string[]): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_CHARS) return flat;
  const lower = flat.toLowerCase();
  const at = Math.min(...wanted.map((w) => lower.indexOf(w)).filter((i) => i >= 0), flat.length);
  const from = at === flat.length ? 0 : Math.max(0, flat.lastIndexOf(' ', Math.max(0, at - SNIPPET_CHARS / 3)) + 1);
  const cut = flat.slice(from, from + SNIPPET_CHARS);
  const end = cut.lastIndexOf(' ') > SNIPPET_CHARS / 2 ? cut.slice(0, cut.lastIndexOf(' ')) : cut;
  return `${from > 0 ? '… ' : ''}${end}${from + end.length < flat.length ? ' …' : ''}`;
}

// ---- the Atom feed (RFC 4287) ----

export interface FeedEntry {
  /** A stable URI naming the entry (a tag: URI), so a reader never shows it twice. */
  id: string;
  title: string;
  /** RFC 3339 instant. */
  updated: string;
  link: string;
  summary?: string;
}

/** Entries in the feed: the newest, at most this many. */
export const FEED_ENTRIES = 50;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/**
 * The Atom document: the feed's id, title, updated (its newest entry, or `fallbackUpdated`), its
 * self and alternate links, and each entry with id, title, updated and link; newest first, bounded.
 */
export function atomFeed(feed: { id: string; title: string; selfUrl: string; siteUrl: string; author: string; fallbackUpdated: string }, entries: FeedEntry[]): string {
  const newest = [...entries].sort((a, b) => byCodePoint(b.updated, a.updated)).slice(0, FEED_ENTRIES);
  const updated = newest[0]?.updated ?? feed.fallbackUpdated;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(feed.id)}</id>`,
    `  <title>${xml(feed.title)}</title>`,
    `  <updated>${xml(updated)}</updated>`,
    `  <author><name>${xml(feed.author)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(feed.siteUrl)}"/>`,
    ...newest.map((e) =>
      [
        '  <entry>',
        `    <id>${xml(e.id)}</id>`,
        `    <title>${xml(e.title)}</title>`,
        `    <updated>${xml(e.updated)}</updated>`,
        `    <link rel="alternate" type="text/html" href="${xml(e.link)}"/>`,
        ...(e.summary ? [`    <summary>${xml(e.summary)}</summary>`] : []),
        '  </entry>',
      ].join('\n'),
    ),
    '</feed>',
    '',
  ].join('\n');
}
