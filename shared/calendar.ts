/** The meetings as an iCalendar feed anyone can subscribe to. */
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Meeting } from './schemas/entities.js';
import { LONDON } from './domain/time.js';

const DEFAULT_LENGTH_MS = 2 * 60 * 60 * 1000; // meetings in the minutes run two hours

export function meetingsCalendar(meetings: Meeting[], baseUrl: string): string {
  const host = new URL(baseUrl).host;
  const cal = ical({ name: 'Community Outcomes Meetings', timezone: LONDON, prodId: { company: 'scrutiny-cycle', product: 'meetings' } });
  for (const m of meetings) {
    cal.createEvent({
      id: `${m.id}@${host}`,
      // Luxon dates in the London zone, so DTSTART;TZID=Europe/London carries London wall-clock time.
      start: DateTime.fromISO(m.start, { zone: LONDON }),
      end: DateTime.fromISO(m.start, { zone: LONDON }).plus({ milliseconds: DEFAULT_LENGTH_MS }),
      timezone: LONDON,
      summary: m.title,
      location: m.place,
      description: m.livestreamUrl ? `Watch live: ${m.livestreamUrl}` : undefined,
      url: m.livestreamUrl ?? `${baseUrl}/`,
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: new Date(m.updatedAt),
    });
  }
  return cal.toString();
}
