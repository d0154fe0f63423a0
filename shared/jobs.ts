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
  /** When it runs on a schedule (EventBridge Scheduler); a job fed only by events has none. */
  schedule?: JobSchedule;
  timeZone: 'Europe/London';
  /**
   * Also fed by the table's DynamoDB Stream: the outbox sender gets each email record written as
   * `pending` (new or sent again) at once, and its schedule sweeps retries and lapsed claims.
   */
  stream?: { entity: 'email'; status: 'pending' };
  /** Fed by SES's bounce and complaint notifications (the configuration set's event destination, through SNS). */
  mailEvents?: boolean;
  /** The function's timeout and memory, sized to its work; `sizing` says why (README, "Jobs"). */
  timeoutSeconds: number;
  memoryMB: number;
  sizing: string;
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
    timeoutSeconds: 120,
    memoryMB: 256,
    sizing: 'One Query of the expiry index and deletes in batches of 25: thousands of contacts in well under a minute; little memory.',
  }),
  'send-reminders': job({
    summary: 'Queue the reminder emails that are due (paper reminders, overdue notices, digests, meeting notes to question askers) in the outbox',
    // Every hour in working hours; the dated reminders become due at 08:00 London.
    schedule: { minute: '0', hour: '8-18', weekDay: 'MON-FRI' },
    timeZone: 'Europe/London',
    table: 'write',
    retryAttempts: 2,
    timeoutSeconds: 300,
    memoryMB: 512,
    sizing:
      'Writes, does not send: one Query of the reminders-due index, then a few reads per meeting with something due and one ' +
      'transaction per due reminder (its log item and its outbox email), several at once. A catch-up of 1,000 reminders is ' +
      'seconds; it stops taking work 30 s before the timeout (the next run does the rest); 512 MB for the CPU share.',
  }),
  'send-outbox': job({
    summary: 'Send the emails in the outbox: each pending email as it is written (from the table stream), and on the schedule every retry that is due and every claim that lapsed',
    schedule: { minute: '*', hour: '*' },
    timeZone: 'Europe/London',
    stream: { entity: 'email', status: 'pending' },
    table: 'write',
    mail: true,
    // Scheduled runs are idempotent sweeps: a failed one is simply the next minute's work.
    retryAttempts: 0,
    timeoutSeconds: 120,
    memoryMB: 512,
    sizing:
      'Sends at most OUTBOX_SEND_RATE_PER_SECOND (10) a second and stops taking new emails 20 s before its timeout, ' +
      'so up to ~1,000 emails a run; 120 s leaves room for SES and DynamoDB timeouts (5 s) on the last one.',
  }),
  'record-mail-event': job({
    summary: 'Record SES bounce and complaint notifications: a hard bounce or a complaint stops further email to the address',
    timeZone: 'Europe/London',
    mailEvents: true,
    table: 'write',
    retryAttempts: 2,
    timeoutSeconds: 30,
    memoryMB: 256,
    sizing: 'One notification at a time, one or two writes each.',
  }),
} as const;

export type JobName = keyof typeof jobs;
export const jobList = (Object.entries(jobs) as [JobName, JobDef][]).map(([name, def]) => ({ name, ...def }));

/** The jobs that run on a schedule. */
export const scheduledJobs = jobList.filter((j): j is typeof j & { schedule: JobSchedule } => j.schedule !== undefined);

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
