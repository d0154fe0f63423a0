/** The meetings as an iCalendar feed anyone can subscribe to. */
import ical, { ICalEventStatus } from 'ical-generator';
import type { Meeting } from './schemas/entities.js';
import { LONDON, londonLocal } from './domain/time.js';

const DEFAULT_LENGTH_MS = 2 * 60 * 60 * 1000; // meetings in the minutes run two hours

export function meetingsCalendar(meetings: Meeting[], baseUrl: string): string {
  const host = new URL(baseUrl).host;
  const cal = ical({ name: 'Community Outcomes Meetings', timezone: LONDON, prodId: { company: 'scrutiny-cycle', product: 'meetings' } });
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
      description: m.livestreamUrl ? `Watch live: ${m.livestreamUrl}` : undefined,
      url: m.livestreamUrl ?? `${baseUrl}/`,
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: new Date(m.updatedAt),
    });
  }
  return cal.toString();
}
