/**
 * Configuration from the environment, parsed once with zod. CDK sets these on each function; the
 * local runtime sets them for the local server. Each value a function needs is read through
 * `config()`; a missing required value fails with its name, not with a confusing error later.
 */
// A namespace import lets esbuild leave out what we do not use (zod's locales: ~370 KB a bundle).
import * as z from 'zod';

const bool = z.enum(['true', 'false']).default('false').transform((v) => v === 'true');
const int = (d: number) => z.coerce.number().int().min(0).default(d);

const DemoUsers = z.object({
  password: z.string(),
  users: z.array(z.object({ email: z.string(), name: z.string(), groups: z.array(z.string()) })),
});

const Env = z.object({
  AWS_REGION: z.string().default('eu-west-2'),
  TABLE_NAME: z.string().optional(),
  PAPERS_BUCKET: z.string().optional(),
  /** Set only locally and in tests: endpoints of DynamoDB Local and the SES/S3 emulators. */
  DYNAMODB_ENDPOINT: z.string().optional(),
  SES_ENDPOINT: z.string().optional(),
  S3_ENDPOINT: z.string().optional(),
  /**
   * The SES configuration set named on every send (issue 14 §2): its event destination publishes
   * bounces and complaints to the record-mail-event function. Unset: no configuration set (locally).
   */
  SES_CONFIGURATION_SET: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined),
  MAIL_FROM: z.string().default('Community Outcomes Meeting <com@example.org>'),
  ENGAGEMENT_MANAGER_EMAIL: z.string().default('engagement.manager@example.org'),
  /** Base URL of the site for links in emails and the calendar; unset in AWS = taken from the request. */
  PUBLIC_BASE_URL: z.string().optional(),
  /** Token verification: issuer, JWKS and client (audience). Cognito in AWS, the local issuer locally. */
  AUTH_ISSUER: z.string().optional(),
  AUTH_JWKS_URL: z.string().optional(),
  /**
   * The issuer's key set (JSON), given at deploy time so a cold start verifies without fetching it
   * (shared/auth/verify.ts); AUTH_JWKS_URL is then fetched only for a key id it does not hold.
   */
  AUTH_JWKS: z.string().optional(),
  AUTH_CLIENT_ID: z.string().optional(),
  AUTH_STAFF_GROUP: z.string().default('staff'),
  /** local: the sign-in page checks seeded users; cognito: it sends people to the hosted sign-in. */
  // Fails closed (issue 14 §5): without a setting, sign-in is Cognito's; only the local runtime sets `local`.
  AUTH_MODE: z.enum(['local', 'cognito']).default('cognito'),
  COGNITO_DOMAIN: z.string().optional(),
  /**
   * Local only: the demo users and their password, which the local sign-in page lists. The local
   * runtime sets it from its own user list (infra/local/users.ts), so none of it is in an AWS bundle.
   */
  LOCAL_DEMO_USERS: z
    .string()
    .optional()
    .transform((v) => (v ? DemoUsers.parse(JSON.parse(v)) : undefined)),
  /** Local and tests only: honour an `x-scrutiny-now` header as the clock. Never set in AWS. */
  ALLOW_CLOCK_HEADER: bool,
  /** Deadline offsets (see README, "Deadlines"). */
  PUBLICATION_CLEAR_WORKING_DAYS: int(5),
  PAPERS_DUE_WORKING_DAYS_BEFORE_PUBLICATION: int(10),
  QUESTION_DEADLINE_DAYS_BEFORE: int(7),
  /** How long a meeting lasts: once its start plus these hours has passed it counts as held (README, "Meetings"). */
  MEETING_HELD_AFTER_HOURS: int(3),
  /** Public questions (see README, "Public questions"): the word limit of a question, */
  QUESTION_WORD_LIMIT: int(150),
  /** questions one address (source IP) may submit per clock hour, */
  QUESTION_RATE_LIMIT_PER_HOUR: int(5),
  /**
   * acknowledgement emails to one email address per London day and to everyone per clock hour (the
   * form must not be a way to send mail: beyond them a question is saved and acknowledged on the page only),
   */
  QUESTION_ACKS_PER_ADDRESS_PER_DAY: int(3),
  QUESTION_ACKS_PER_HOUR: int(100),
  /** and months after the meeting that the submitter's name and email are kept. */
  QUESTION_DATA_RETENTION_MONTHS: int(12),
  /** Reminders (README, "Reminders"): offsets, the send rate SES allows, retries and how far ahead to look. */
  REMINDER_PAPER_FIRST_DAYS_BEFORE: int(7),
  REMINDER_PAPER_SECOND_WORKING_DAYS_BEFORE: int(1),
  REMINDER_DIGEST_WORKING_DAYS_BEFORE: z
    .string()
    .regex(/^\d+,\d+$/)
    .default('10,3')
    .transform((v) => v.split(',').map(Number) as [number, number]),
  REMINDER_QUESTION_DAYS_BEFORE: int(2),
  REMINDER_SEND_FROM: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('08:00'),
  REMINDER_HORIZON_DAYS: int(60),
  /**
   * The outbox (README, "Email"): the send rate SES allows, how many tries an email gets before it is
   * failed (8 tries: 30 s, 1, 2, 4, 8, 16, 32 min apart, about an hour in all), the first wait.
   */
  OUTBOX_SEND_RATE_PER_SECOND: z.coerce.number().positive().default(10),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  OUTBOX_RETRY_SECONDS: z.coerce.number().int().min(1).default(30),
  /** Local only: how often the local server's outbox poller looks for due emails (ms); 0 = never (a test drives the sender itself). */
  OUTBOX_POLL_MS: int(200),
  /** Public questions: the start of each reference (COM-20211207-007). */
  QUESTION_REFERENCE_PREFIX: z.string().regex(/^[A-Z]{1,10}$/).default('COM'),
  /**
   * Our brand (README, "Brand"): the organisation named in every page's header, the header's colour
   * (#rrggbb; the text on it is white or black, whichever reads better), the header link's address,
   * and the address the beta banner's feedback link writes to (the engagement manager's by default).
   */
  ORGANISATION_NAME: z.string().trim().min(1).max(100).default('Office of the Police and Crime Commissioner'),
  ORGANISATION_COLOUR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'ORGANISATION_COLOUR must be a colour like #1d3d5c')
    .default('#1d3d5c'),
  ORGANISATION_URL: z.string().regex(/^(\/|https:\/\/)/, 'ORGANISATION_URL must start with / or https://').default('/'),
  FEEDBACK_EMAIL: z.email().optional(),
  /** Where GOV.UK Frontend and our templates are: the bundle folder in Lambda, the repo locally. */
  VIEWS_DIR: z.string().optional(),
  ASSETS_DIR: z.string().optional(),
  SECURE_COOKIES: bool,
});

export type Config = z.infer<typeof Env>;

let cached: Config | undefined;

export function config(): Config {
  cached ??= Env.parse(process.env);
  return cached;
}

/** Read a value that this function cannot work without. */
export function required<K extends keyof Config>(key: K): NonNullable<Config[K]> {
  const value = config()[key];
  if (value === undefined || value === '') throw new Error(`Configuration ${String(key)} is not set`);
  return value as NonNullable<Config[K]>;
}

/** Tests and the local runtime change the environment before handlers first read it. */
export function resetConfig() {
  cached = undefined;
}
