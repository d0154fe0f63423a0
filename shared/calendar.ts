/** The meetings as an iCalendar feed anyone can subscribe to. */
import ical, { ICalEventStatus } from 'ical-generator';
import type { Meeting } from './schemas/entities.js';
import { LONDON, londonLocal } from './domain/time.js';

const DEFAULT_LENGTH_MS = 2 * 60 * 60 * 1000; // meetings in the minutes run two hours

/**
 * RFC 5545 wants a VTIMEZONE for every TZID an event uses. London's, from its rules since 1996
 * (EU summer time): BST from the last Sunday of March at 01:00 GMT, GMT from the last Sunday of
 * October at 01:00 GMT (02:00 BST). A VTIMEZONE's DTSTART is local time in the offset it leaves.
 * Written out rather than taken from a zone library (timezones-ical-library carries every zone:
 * too big for this bundle's budget); the integration test reads it with ical.js, which resolves
 * each DTSTART through it, in summer and in winter.
 */
export const LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${LONDON}`,
  'BEGIN:DAYLIGHT',
  'TZNAME:BST',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'DTSTART:19960331T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZNAME:GMT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'DTSTART:19961027T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const publishedMinutes = (m: Meeting) => m.minutesStatus === 'published-draft' || m.minutesStatus === 'approved';

/** What a subscriber reads in the event: the livestream before, the minutes (or the page) after. */
function descriptionOf(m: Meeting, baseUrl: string): string | undefined {
  const page = `${baseUrl}/meetings/${m.id}`;
  if (m.status === 'cancelled') return `This meeting has been cancelled${m.cancelledReason ? `: ${m.cancelledReason}` : ''}. ${page}`;
  if (m.status === 'held') {
    if (publishedMinutes(m)) return `This meeting took place. ${m.minutesStatus === 'approved' ? 'Minutes' : 'Draft minutes'}: ${page}/minutes`;
    return `This meeting took place. Its papers and answers: ${page}`;
  }
  return m.livestreamUrl ? `Watch live: ${m.livestreamUrl}` : undefined;
}

/**
 * The feed of these meetings, each with the status it counts as (the caller derives `held`):
 * cancelled ones STATUS:CANCELLED, held ones with their minutes' link. The calendar names no zone
 * of its own (ical-generator would add the non-standard `TIMEZONE-ID` line); each event's
 * DTSTART;TZID=Europe/London points at the one VTIMEZONE.
 */
export function meetingsCalendar(meetings: Meeting[], baseUrl: string): string {
  const host = new URL(baseUrl).host;
  const cal = ical({
    name: 'Community Outcomes Meetings',
    timezone: { name: null, generator: (tz) => (tz === LONDON ? LONDON_VTIMEZONE : null) },
    prodId: { company: 'scrutiny-cycle', product: 'meetings' },
  });
  for (const m of meetings) {
    cal.createEvent({
      id: `${m.id}@${host}`,
      // London wall-clock times without a zone: ical-generator writes a zoneless string as it reads
      // (whatever the host's zone), so DTSTART;TZID=Europe/London carries London time. No Luxon
      // needed (71 KB of this function's bundle).
      start: `${londonLocal(m.start)}:00`,
      end: `${londonLocal(new Date(Date.parse(m.start) + DEFAULT_LENGTH_MS).toISOString())}:00`,
      timezone: LONDON,
      summary: m.title,
      location: m.place,
      description: descriptionOf(m, baseUrl),
      url: `${baseUrl}/meetings/${m.id}`,
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: new Date(m.updatedAt),
    });
  }
  return cal.toString();
}
