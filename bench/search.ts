/**
 * The archive search's in-memory index (issue 13 §3), at 1x, 10x and 100x a West Yorkshire year:
 * how long building the index and answering a query take, and how much the one Query of `PUBLISHED`
 * would read (DynamoDB returns at most 1 MB a page). Pure and small: no stack needed.
 *
 *   npx tsx bench/search.ts            (or `npm run bench -- --only search`)
 *
 * A year (the 2021 cycle): 4 meetings, each with 7 published papers, 10 answered public questions
 * (a question of ~60 words, an answer of ~150) and minutes of ~4,000 words.
 */
import { pathToFileURL } from 'node:url';
import { buildIndex, search, type SearchDoc } from '../shared/domain/archive.js';
import { median, ms, table } from './lib/stats.js';

const YEAR = { meetings: 4, papers: 7, questions: 10, minutesWords: 4_000, questionWords: 60, answerWords: 150 };
const VOCABULARY = (
  'police crime safety road knife violence safeguarding children missing exploitation neighbourhood policing community ' +
  'engagement survey response emergency calls victims witnesses domestic abuse hate rural theft burglary drugs alcohol ' +
  'partnership council district bradford calderdale kirklees leeds wakefield officers staff training budget precept ' +
  'chief constable deputy mayor commissioner update report action plan progress performance target review inspection'
).split(' ');

/** Deterministic pseudo-random words (so runs compare). */
function words(n: number, seed: number): string {
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out.push(VOCABULARY[x % VOCABULARY.length]!);
  }
  return out.join(' ');
}

export function syntheticYears(years: number): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (let m = 0; m < years * YEAR.meetings; m++) {
    const meetingId = `M${String(m).padStart(6, '0')}`;
    for (let p = 0; p < YEAR.papers; p++) docs.push({ kind: 'paper', meetingId, title: words(5, m * 100 + p), body: 'Report by an author, sponsored by an ACC', href: '' });
    for (let q = 0; q < YEAR.questions; q++) docs.push({ kind: 'question', meetingId, title: words(YEAR.questionWords, m * 1000 + q), body: words(YEAR.answerWords, m * 7000 + q), href: '' });
    docs.push({ kind: 'minutes', meetingId, title: 'Minutes', body: words(YEAR.minutesWords, m), href: '' });
  }
  return docs;
}

export function searchBench(reps = 5) {
  const rows: (string | number)[][] = [];
  const figures: Record<string, unknown>[] = [];
  for (const years of [1, 10, 100]) {
    const docs = syntheticYears(years);
    // What the Query reads: the text, plus ~600 bytes of each item's other attributes (keys, ids, people, dates).
    const bytes = docs.reduce((n, d) => n + d.title.length + d.body.length + 600, 0);
    const builds: number[] = [];
    const queries: number[] = [];
    let hits = 0;
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      const index = buildIndex(docs);
      const t1 = performance.now();
      hits = search(index, 'knife crime leeds').length;
      queries.push(performance.now() - t1);
      builds.push(t1 - t0);
    }
    const pages = Math.ceil(bytes / 1_048_576);
    figures.push({ years, docs: docs.length, bytes, pages, buildMs: median(builds), queryMs: median(queries) });
    rows.push([`${years}x`, docs.length, `${(bytes / 1_048_576).toFixed(1)} MB`, pages, ms(median(builds)), ms(median(queries)), hits]);
  }
  return { rows, figures, text: table(['size', 'docs', 'read', 'Query pages', 'index build', 'query', 'hits (max 50)'], rows) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log('Archive search: index built per request, then one query (median of 5)\n');
  console.log(searchBench().text);
}
