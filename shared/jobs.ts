/**
 * The job table: scheduled functions, as the route table is for HTTP functions. The CDK stack makes
 * one function and one EventBridge Scheduler schedule (Europe/London) per entry; `npm run job`
 * runs one locally, once, at a given time. `functions/<name>.ts` exports `handler`.
 *
 * A job takes its clock from its event (`{ "now": "<ISO instant>" }`) or else the real clock, so
 * tests and the local runner can run it "at" any moment; the schedule sends `{}`.
 */

/** EventBridge Scheduler cron fields (one of `day` and `weekDay` is `?`), in Europe/London time. */
export interface JobSchedule {
  minute: string;
  hour: string;
  day?: string;
  month?: string;
  weekDay?: string;
}

export interface JobDef {
  summary: string;
  schedule: JobSchedule;
  timeZone: 'Europe/London';
  /** What the function may do to the table. */
  table?: 'read' | 'write';
  /** Whether it sends email. */
  mail?: boolean;
  /** Attempts the scheduler makes after a failed invocation before the event goes to the dead-letter queue. */
  retryAttempts: number;
}

const job = <J extends JobDef>(j: J) => j;

export const jobs = {
  'purge-personal-data': job({
    summary: "Delete public question submitters' names and emails whose retention has ended (the question stays)",
    schedule: { minute: '15', hour: '3' },
    timeZone: 'Europe/London',
    table: 'write',
    retryAttempts: 3,
  }),
  'send-reminders': job({
    summary: 'Send the reminder emails that are due: paper reminders, overdue notices, digests, meeting notes to question askers',
    // Every hour in working hours; the dated reminders become due at 08:00 London.
    schedule: { minute: '0', hour: '8-18', weekDay: 'MON-FRI' },
    timeZone: 'Europe/London',
    table: 'write',
    mail: true,
    retryAttempts: 2,
  }),
} as const;

export type JobName = keyof typeof jobs;
export const jobList = (Object.entries(jobs) as [JobName, JobDef][]).map(([name, def]) => ({ name, ...def }));

/** The schedule as EventBridge Scheduler writes it, e.g. `cron(15 3 * * ? *)`. */
export function scheduleExpression(s: JobSchedule): string {
  const day = s.day ?? (s.weekDay ? '?' : '*');
  const weekDay = s.weekDay ?? '?';
  return `cron(${s.minute} ${s.hour} ${day} ${s.month ?? '*'} ${weekDay} *)`;
}

/** What a job's event may carry: the injected clock. */
export interface JobEvent {
  now?: string;
}

/** The job's clock: `now` from the event when it is a valid instant, else the real clock. */
export function jobClock(event: JobEvent | undefined): Date {
  if (event?.now !== undefined) {
    const at = new Date(event.now);
    if (Number.isNaN(at.getTime())) throw new Error(`The job event's "now" is not an ISO instant: ${event.now}`);
    return at;
  }
  return new Date();
}
