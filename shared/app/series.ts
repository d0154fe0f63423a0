/**
 * Scheduling a series of meetings (issue 12 §3): a preview of every meeting with its deadlines and
 * warnings (weekend, bank holiday, past, the repeated October hour: `meetingWarnings`), then the
 * series created all or none (`createMeetingSeries`, one transaction).
 */
import * as meetings from '../domain/meetings.js';
import { meetingWarnings } from '../domain/meeting-warnings.js';
import { deadlineSettings, createMeetingSeries } from './planning.js';

export type SeriesInput = Parameters<typeof createMeetingSeries>[0];

/** Every meeting the series would make, in date order, with its deadlines and warnings at `now`; nothing is written. */
export function previewSeries(input: SeriesInput, now: Date) {
  return meetings.seriesStarts(input).map((startLocal) => {
    // A time that does not exist that day (the hour the clocks go forward) is reported on the time.
    const start = meetings.startInstant(startLocal, 'time');
    return { startLocal, start, deadlines: meetings.deadlinesOf({ start }, deadlineSettings()), warnings: meetingWarnings(startLocal, now) };
  });
}

/** Create every meeting of the series, or none. */
export const createSeries = (input: SeriesInput, now: Date) => createMeetingSeries(input, now);
