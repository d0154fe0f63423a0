/**
 * The cost model: the monthly AWS bill of one West Yorkshire-sized office, and of 43 (every force
 * area in England and Wales), from the bench's own figures per route at the realistic size
 * (DynamoDB read and write units from ReturnConsumedCapacity, SES sends and S3 requests per call,
 * response bytes, handler p50) times a stated yearly mix, at published on-demand London prices.
 *
 * What is assumed rather than measured is said so in the table: the yearly mix, the log bytes per
 * invocation, the scheduled jobs' per-run figures (the sweep section measures the sweep; its
 * per-run units are taken from there when that section ran, else the stated default), and that a
 * 512 MB Lambda runs our code as fast as this machine (it has a fraction of a vCPU: the Lambda
 * line is a lower bound; doubling it changes the total by cents).
 */
import type { OverheadRow } from './overhead.js';

/**
 * On-demand prices, eu-west-2 (London), USD, as published on the AWS pricing pages
 * (aws.amazon.com/dynamodb/pricing/on-demand, /lambda/pricing, /api-gateway/pricing, /ses/pricing,
 * /eventbridge/pricing, /s3/pricing, /cloudwatch/pricing), read for this model in December 2026.
 * No free tier is counted (an office's account may have used it up). Check them before quoting.
 */
export const PRICES = {
  source: 'AWS public on-demand prices for eu-west-2 (London), no free tier, written in by hand in December 2026 (the bench has no network to fetch them: check them before quoting)',
  dynamoWritePerMillion: 0.7425, // write request units (after the November 2024 on-demand reduction)
  dynamoReadPerMillion: 0.1485, // read request units
  dynamoStoragePerGbMonth: 0.2975,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaRequestsPerMillion: 0.2,
  httpApiPerMillion: 1.11, // HTTP API, first 300 million a month; metered per 512 KB
  sesPer1000: 0.1,
  schedulerPerMillion: 1.0,
  s3StoragePerGbMonth: 0.024,
  s3PutPer1000: 0.0053,
  s3GetPer1000: 0.00042,
  logsIngestPerGb: 0.5985,
} as const;

const LAMBDA_GB = 0.5; // 512 MB, as infra/constructs/route-function.ts deploys them
const LOG_BYTES_PER_INVOCATION = 1_000; // Lambda's START/END/REPORT lines and our one structured line
const DATA_GB = 0.05; // a year's items (the realistic world is ~10 MB); papers below
const PAPERS_GB = 40 * 3 * 2 / 1024; // 40 papers x 3 versions x ~2 MB

/**
 * A year of one West Yorkshire-sized office: 6 meetings; 40 papers requested, 3 versions each;
 * 500 public questions; the staff working through each cycle; the public reading the pages.
 * Per route name, calls a year (from the routes the bench measures).
 */
export const YEARLY_MIX: { what: string; route: string; perYear: number }[] = [
  { what: 'staff home, per working day x 3 staff', route: 'show-staff-home', perYear: 250 * 3 },
  { what: 'staff meeting page, 100 views a meeting', route: 'show-meeting', perYear: 6 * 100 },
  { what: 'staff question queue, 60 views a meeting', route: 'show-question-queue', perYear: 6 * 60 },
  { what: 'staff request page, 5 views a paper', route: 'show-request', perYear: 40 * 5 },
  { what: 'reminders page, 10 views a meeting', route: 'show-reminders', perYear: 6 * 10 },
  { what: 'other staff pages (meetings, topics, people, actions), 400 a meeting', route: 'show-meetings', perYear: 6 * 400 },
  { what: 'papers requested', route: 'submit-request', perYear: 40 },
  { what: 'author page views, 6 a paper', route: 'show-paper-page', perYear: 40 * 6 },
  { what: 'upload checks, one a version', route: 'check-paper-upload', perYear: 40 * 3 },
  { what: 'versions submitted', route: 'submit-paper', perYear: 40 * 3 },
  { what: 'paper decisions (2 returns, 1 accept a paper)', route: 'submit-paper-decision', perYear: 40 * 3 },
  { what: 'staff paper downloads, 3 a version', route: 'download-staff-paper', perYear: 40 * 3 * 3 },
  { what: 'agenda packs published', route: 'submit-agenda-publication', perYear: 6 },
  { what: 'question form views, 4 per question asked', route: 'show-question-form', perYear: 500 * 4 },
  { what: 'questions asked', route: 'submit-question', perYear: 500 },
  { what: 'question reviews', route: 'submit-question-review', perYear: 500 },
  { what: 'answers recorded', route: 'submit-question-answer', perYear: 200 },
  { what: 'public meeting page views, 1,000 a meeting', route: 'show-public-meeting', perYear: 6 * 1000 },
  { what: 'public paper downloads, 200 a meeting', route: 'download-public-paper', perYear: 6 * 200 },
  { what: 'archive, search and feeds, 5,000 a year', route: 'show-archive', perYear: 5000 },
  { what: 'minutes saved, 10 a meeting', route: 'submit-minutes', perYear: 6 * 10 },
  { what: 'public minutes views, 300 a meeting', route: 'show-public-minutes', perYear: 6 * 300 },
];

/** Scheduled and event-driven work, per year, with its per-run figures (assumed where not measured). */
export const JOBS = {
  sweepRunsPerYear: 24 * 365, // the hourly reminder sweep (EventBridge Scheduler)
  sweepReadUnitsPerRun: 0.5, // an idle sweep: one Query of the due index (default; the sweep section measures it)
  sweepMsPerRun: 300,
  purgeRunsPerYear: 365, // the daily personal-data purge
  emailsPerYear: 2000 + 80 + 500 + 500 + 200 + 120 * 2, // reminders; request emails; acks; outcomes; answers; paper receipts
  outboxUnitsPerEmail: { read: 1, write: 4 }, // claim, mark sent (each a conditional update), its index entries
  outboxMsPerEmail: 150,
};

export interface CostLine {
  service: string;
  perMonth: number;
  basis: string;
}

export function costModel(rows: OverheadRow[], sweep?: { capacityUnits?: number; ms?: number }): { lines: CostLine[]; monthly: number; offices43: number; missing: string[] } {
  const byRoute = new Map(rows.map((r) => [r.route as string, r]));
  const missing: string[] = [];
  let invocations = 0;
  let gbSeconds = 0;
  let httpRequests = 0;
  let readUnits = 0;
  let writeUnits = 0;
  let sesSends = 0;
  let s3Puts = 0;
  let s3Gets = 0;
  for (const m of YEARLY_MIX) {
    const r = byRoute.get(m.route);
    if (!r) {
      missing.push(m.route);
      continue;
    }
    invocations += m.perYear;
    // Lambda bills each invocation's duration, rounded up to the millisecond.
    gbSeconds += (m.perYear * Math.ceil(r.handler.p50) * LAMBDA_GB) / 1000;
    httpRequests += m.perYear * Math.max(1, Math.ceil(r.bytes.p50 / (512 * 1024)));
    readUnits += m.perYear * r.perCall.readUnits;
    writeUnits += m.perYear * r.perCall.writeUnits;
    sesSends += m.perYear * r.perCall.ses;
    // S3 calls per request: uploads and checks read (HEAD/GET ranges), submits copy (a PUT-class request).
    if (r.method === 'GET') s3Gets += m.perYear * r.perCall.s3;
    else s3Puts += m.perYear * r.perCall.s3;
  }
  const sweepUnits = sweep?.capacityUnits ?? JOBS.sweepReadUnitsPerRun;
  const sweepMs = sweep?.ms ?? JOBS.sweepMsPerRun;
  invocations += JOBS.sweepRunsPerYear + JOBS.purgeRunsPerYear + JOBS.emailsPerYear;
  gbSeconds += (JOBS.sweepRunsPerYear * sweepMs * LAMBDA_GB) / 1000 + (JOBS.emailsPerYear * JOBS.outboxMsPerEmail * LAMBDA_GB) / 1000 + (JOBS.purgeRunsPerYear * 200 * LAMBDA_GB) / 1000;
  readUnits += JOBS.sweepRunsPerYear * sweepUnits + JOBS.emailsPerYear * JOBS.outboxUnitsPerEmail.read + JOBS.purgeRunsPerYear * 2;
  writeUnits += JOBS.emailsPerYear * JOBS.outboxUnitsPerEmail.write;
  // Emails sent by the routes are queued; the outbox sends them: count the stated yearly total once.
  sesSends = Math.max(sesSends, JOBS.emailsPerYear);
  const schedulerRuns = JOBS.sweepRunsPerYear + JOBS.purgeRunsPerYear;
  const month = (perYear: number) => perYear / 12;
  const P = PRICES;
  const lines: CostLine[] = [
    { service: 'Lambda (arm64, 512 MB): compute', perMonth: month(gbSeconds) * P.lambdaArmPerGbSecond, basis: `${Math.round(month(gbSeconds)).toLocaleString('en-GB')} GB-s a month (handler p50 per route, measured)` },
    { service: 'Lambda: requests', perMonth: (month(invocations) / 1e6) * P.lambdaRequestsPerMillion, basis: `${Math.round(month(invocations)).toLocaleString('en-GB')} invocations a month` },
    { service: 'API Gateway HTTP API', perMonth: (month(httpRequests) / 1e6) * P.httpApiPerMillion, basis: `${Math.round(month(httpRequests)).toLocaleString('en-GB')} requests a month (per 512 KB, measured bytes)` },
    { service: 'DynamoDB on-demand: reads', perMonth: (month(readUnits) / 1e6) * P.dynamoReadPerMillion, basis: `${Math.round(month(readUnits)).toLocaleString('en-GB')} read units a month (ConsumedCapacity, measured; sweep ${sweep?.capacityUnits !== undefined ? 'measured' : 'assumed'})` },
    { service: 'DynamoDB on-demand: writes', perMonth: (month(writeUnits) / 1e6) * P.dynamoWritePerMillion, basis: `${Math.round(month(writeUnits)).toLocaleString('en-GB')} write units a month (measured; outbox assumed)` },
    { service: 'DynamoDB storage', perMonth: DATA_GB * P.dynamoStoragePerGbMonth, basis: `${DATA_GB} GB (assumed)` },
    { service: 'SES', perMonth: (month(sesSends) / 1000) * P.sesPer1000, basis: `${Math.round(month(sesSends)).toLocaleString('en-GB')} emails a month (stated mix)` },
    { service: 'EventBridge Scheduler', perMonth: (month(schedulerRuns) / 1e6) * P.schedulerPerMillion, basis: `${Math.round(month(schedulerRuns))} runs a month (hourly sweep, daily purge)` },
    { service: 'S3: storage', perMonth: PAPERS_GB * P.s3StoragePerGbMonth, basis: `${PAPERS_GB.toFixed(2)} GB of papers (assumed 2 MB a version)` },
    { service: 'S3: requests', perMonth: (month(s3Puts) / 1000) * P.s3PutPer1000 + (month(s3Gets) / 1000) * P.s3GetPer1000, basis: `${Math.round(month(s3Puts))} PUT-class, ${Math.round(month(s3Gets))} GET-class a month (measured per call)` },
    { service: 'CloudWatch Logs: ingest', perMonth: ((month(invocations) * LOG_BYTES_PER_INVOCATION) / 1e9) * P.logsIngestPerGb, basis: `${LOG_BYTES_PER_INVOCATION} bytes an invocation (assumed)` },
  ];
  const monthly = lines.reduce((a, l) => a + l.perMonth, 0);
  return { lines, monthly, offices43: monthly * 43, missing };
}
