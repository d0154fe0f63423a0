/** Page layer (called by functions/ wiring): the public archive (issue 13 §3): every meeting by year, and search. */
import { type PageFn } from '../http/handler.js';
import { meetingArchive, searchArchive } from '../app/archive.js';

/** Every meeting, past and future, by year (newest first), with its status and what is published for it. */
export const showArchive: PageFn<'show-archive'> = async ({ query, now }) => ({
  view: 'archive.njk',
  data: await meetingArchive(now, query.year === undefined ? undefined : Number(query.year)),
});

/** The search form, and with `?q=` what it finds among published papers, minutes and answered questions. */
export const showSearch: PageFn<'show-search'> = async ({ query, now }) => {
  const q = query.q ?? '';
  return { view: 'search.njk', data: { q, ...(q ? await searchArchive(q, now) : {}) } };
};
