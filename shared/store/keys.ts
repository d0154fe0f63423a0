/**
 * The single-table key design: the one place that spells key names and prefixes.
 * Both the CDK table and the local CreateTable read `tableSchema`; the store builds every key
 * through `keys`. README "Access patterns" lists what each key and index serves.
 */
export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'ALL' },
    /**
     * A meeting's questions by queue state and number (`questionQueue`): keys only, so a page of the
     * staff queue is a Query of 50 keys and the counts per state one Query of small index entries.
     */
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: 'KEYS_ONLY' },
  ],
  timeToLiveAttribute: 'expiresAt',
} as const;

export type Key = { pk: string; sk: string };

const meetingPk = (meetingId: string) => `MEETING#${meetingId}`;
/** A queue state's range of gsi3 (`<state>#`), and a question's number in it (zero-padded, so numbers sort). */
export const queueStatePrefix = (state: string) => `${state}#`;
export const queueNumber = (n: number) => String(n).padStart(6, '0');
const questionsPk = (meetingId: string) => `QUESTIONS#${meetingId}`;

export const keys = {
  /** A meeting, its agenda items, report requests and the actions raised at it share one partition. */
  meetingPartition: (meetingId: string) => ({ pk: meetingPk(meetingId) }),
  meeting: (meetingId: string): Key => ({ pk: meetingPk(meetingId), sk: 'MEETING' }),
  agendaItem: (meetingId: string, itemId: string): Key => ({ pk: meetingPk(meetingId), sk: `AGENDA#${itemId}` }),
  request: (meetingId: string, requestId: string): Key => ({ pk: meetingPk(meetingId), sk: `REQUEST#${requestId}` }),
  action: (meetingId: string, actionId: string): Key => ({ pk: meetingPk(meetingId), sk: `ACTION#${actionId}` }),
  /** A submitted paper version, keyed by its upload id (so a repeated submit writes it once). */
  paper: (meetingId: string, requestId: string, paperId: string): Key => ({ pk: meetingPk(meetingId), sk: `PAPER#${requestId}#${paperId}` }),
  /**
   * A request's append-only history (who did what, when). Its prefix sorts after every `REQUEST#`
   * key, so the meeting's own Query (agenda to requests) never reads it; the request page reads it
   * through gsi1.
   */
  history: (meetingId: string, requestId: string, entryId: string): Key => ({ pk: meetingPk(meetingId), sk: `REQUEST-HISTORY#${requestId}#${entryId}` }),
  /** The record of an email about a request (schemas/emails.ts): in the meeting's tracking range, and in the request's gsi1 partition. */
  requestEmail: (meetingId: string, requestId: string, purpose: string, round: string): Key => ({
    pk: meetingPk(meetingId),
    sk: `OUTBOX#${requestId}#${purpose}#${round}`,
  }),
  requestEmailByRequest: (requestId: string, purpose: string, round: string) => ({ gsi1pk: `REQUEST#${requestId}`, gsi1sk: `OUTBOX#${purpose}#${round}` }),
  topic: (topicId: string): Key => ({ pk: `TOPIC#${topicId}`, sk: 'TOPIC' }),
  /**
   * A meeting's minutes and attendance (issue 13): in the meeting's partition. `MINUTES` sorts after
   * `MEETING` and before `OUTBOX#`, so the meeting bundle's Query (first `ACTION#` to last `REQUEST#`) reads it.
   */
  minutes: (meetingId: string): Key => ({ pk: meetingPk(meetingId), sk: 'MINUTES' }),
  /** Every published revision of a meeting's minutes, whole, in a partition of its own (never read by the meeting's Queries). */
  minutesRevisionPartition: (meetingId: string) => ({ pk: `MINUTES#${meetingId}` }),
  minutesRevision: (meetingId: string, revision: number): Key => ({ pk: `MINUTES#${meetingId}`, sk: `REVISION#${String(revision).padStart(4, '0')}` }),
  /**
   * gsi2 (sparse): what the public archive's search reads in one Query: published papers (their
   * requests), published minutes, answered public questions. Set by `itemOf` from the entity's state.
   */
  published: (meetingId: string, what: string) => ({ gsi2pk: 'PUBLISHED', gsi2sk: `${meetingId}#${what}` }),

  /** gsi1: meetings by start time. */
  meetingsByStart: (startIso: string, meetingId: string) => ({ gsi1pk: 'MEETINGS', gsi1sk: `${startIso}#${meetingId}` }),
  /** gsi1: topics by creation time. */
  topicsByCreation: (createdAt: string, topicId: string) => ({ gsi1pk: 'TOPICS', gsi1sk: `${createdAt}#${topicId}` }),
  /** gsi1: a report request by its id alone (the author's link names only the request). */
  requestById: (requestId: string) => ({ gsi1pk: `REQUEST#${requestId}`, gsi1sk: 'REQUEST' }),
  /** gsi1: a request's paper versions and history share its gsi1 partition, so one Query reads them all. */
  paperByRequest: (requestId: string, paperId: string) => ({ gsi1pk: `REQUEST#${requestId}`, gsi1sk: `PAPER#${paperId}` }),
  historyByRequest: (requestId: string, entryId: string) => ({ gsi1pk: `REQUEST#${requestId}`, gsi1sk: `HISTORY#${entryId}` }),
  /** The outbox email of one scheduled reminder: beside its log item, so the reminders page reads both in one Query. */
  reminderEmail: (meetingId: string, reminderKey: string): Key => ({ pk: `REMINDERS#${meetingId}`, sk: `OUTBOX#${reminderKey}` }),
  /**
   * gsi2 (sparse): outbox emails a sender may take, by when: pending ones at once (`0`), retrying ones
   * at their next attempt, ones being sent when their claim lapses. The sweep queries `gsi2sk <= now`.
   */
  outboxDue: (at: string, key: Key) => ({ gsi2pk: 'OUTBOX_DUE', gsi2sk: `${at}#${key.pk}#${key.sk}` }),
  /** gsi2 (sparse): outbox emails that failed or were suppressed (and can be sent again), newest last: the staff home lists them. */
  outboxFailed: (at: string, key: Key) => ({ gsi2pk: 'OUTBOX_FAILED', gsi2sk: `${at}#${key.pk}#${key.sk}` }),
  /**
   * gsi2 (sparse): what the reminder sweep must look at, by when (issue 15 §8). Each reminder-able
   * thing (a planned meeting, a request awaiting its paper, an accepted question) is in it: at `0`
   * (look now) whenever it is written (its item's `itemOf` puts it there), then, once a sweep has
   * queued what was due, at the instant its next reminder falls due (or out of it when none is left).
   * The sweep queries `gsi2sk <= now`: one Query when nothing is due, whatever the table holds.
   */
  remindersDue: (at: string, key: Key) => ({ gsi2pk: 'REMINDERS_DUE', gsi2sk: `${at}#${key.pk}#${key.sk}` }),
  /** The sweep's own marker (in `remindersDue` at `0`): its absence means the index was never filled (a first run). */
  reminderSweepState: (): Key => ({ pk: 'REMINDER_SWEEP', sk: 'STATE' }),
  /** Reminders of a meeting: what was sent or failed (exactly once each), and staff's off switches. */
  reminderPartition: (meetingId: string) => ({ pk: `REMINDERS#${meetingId}` }),
  reminderLog: (meetingId: string, reminderKey: string): Key => ({ pk: `REMINDERS#${meetingId}`, sk: `SENT#${reminderKey}` }),
  reminderSwitch: (meetingId: string, what: 'kind' | 'to', value: string): Key => ({ pk: `REMINDERS#${meetingId}`, sk: `OFF#${what}#${value}` }),
  /** gsi2 (sparse): actions not completed, by the start of the meeting that raised them. */
  openActionsByMeetingStart: (meetingStart: string, actionId: string) => ({
    gsi2pk: 'OPEN_ACTIONS',
    gsi2sk: `${meetingStart}#${actionId}`,
  }),

  // ---- Public questions: a partition per meeting (not the meeting's own: its sort-key ranges serve tracking) ----
  questionsPartition: (meetingId: string) => ({ pk: questionsPk(meetingId) }),
  question: (meetingId: string, questionId: string): Key => ({ pk: questionsPk(meetingId), sk: `QUESTION#${questionId}` }),
  /** The submitter's name and email: its own item, so removing personal data is one delete. */
  questionContact: (meetingId: string, questionId: string): Key => ({ pk: questionsPk(meetingId), sk: `CONTACT#${questionId}` }),
  /** The record of an email about a question (its review outcome, its answer): inside the range the queue reads. */
  questionEmail: (meetingId: string, questionId: string, purpose: string, round: string): Key => ({
    pk: questionsPk(meetingId),
    sk: `OUTBOX#${questionId}#${purpose}#${round}`,
  }),
  /** The last reference number given for the meeting (an atomic ADD claims the next). */
  questionCounter: (meetingId: string): Key => ({ pk: questionsPk(meetingId), sk: 'COUNTER' }),
  /** One form submission (idempotency key + what was posted, hashed): claimed with the question it creates. */
  questionSubmission: (meetingId: string, submissionHash: string): Key => ({ pk: questionsPk(meetingId), sk: `SUBMISSION#${submissionHash}` }),
  /** gsi1: a question and its contact by the question id alone (the submitter's deletion link). */
  questionById: (questionId: string) => ({ gsi1pk: `QUESTION#${questionId}`, gsi1sk: 'QUESTION' }),
  contactByQuestionId: (questionId: string) => ({ gsi1pk: `QUESTION#${questionId}`, gsi1sk: 'CONTACT' }),
  /**
   * gsi3 (keys only): a meeting's questions by queue state (`queueStateOf`: submitted, accepted, grouped,
   * redirected, rejected, closed), then number: the staff queue's pages (`begins_with(gsi3sk, <state>#)`,
   * 50 at a time), the counts per state, the recent accepted leads and a question by its reference's
   * number. Set by `questionItemOf.question` on every write of a question, so it never needs a backfill.
   */
  questionQueue: (meetingId: string, state: string, number: number, questionId: string) => ({
    gsi3pk: questionsPk(meetingId),
    gsi3sk: `${queueStatePrefix(state)}${queueNumber(number)}#${questionId}`,
  }),
  /** gsi2 (sparse): contacts by when they must be removed; the purge job queries `gsi2sk < now`. */
  contactsByExpiry: (expiresOn: string, questionId: string) => ({ gsi2pk: 'CONTACT_EXPIRY', gsi2sk: `${expiresOn}#${questionId}` }),
  // ---- People (issue 12 §3) ----
  person: (personId: string): Key => ({ pk: `PERSON#${personId}`, sk: 'PERSON' }),
  /** The claim on an email address (lower case) by one person: a conditional put keeps addresses unique. */
  personEmail: (emailKey: string): Key => ({ pk: `PERSON-EMAIL#${emailKey}`, sk: 'PERSON-EMAIL' }),
  /** gsi1: people by name (lower case), for the list and the request form. */
  peopleByName: (nameKey: string, personId: string) => ({ gsi1pk: 'PEOPLE', gsi1sk: `${nameKey}#${personId}` }),
  /** gsi1: every action by the start of its meeting (the actions page's filters; open ones are also in gsi2). */
  actionsByMeetingStart: (meetingStart: string, actionId: string) => ({ gsi1pk: 'ACTIONS', gsi1sk: `${meetingStart}#${actionId}` }),

  /**
   * An address SES reported as a hard bounce or a complaint (issue 14 §2), keyed by a hash of the
   * lower-case address: the outbox sends nothing more to it. A different address is not affected.
   */
  suppression: (addressHash: string): Key => ({ pk: `SUPPRESSED#${addressHash}`, sk: 'ADDRESS' }),
  /** gsi2 (sparse): every suppressed address, for a page that shows more addresses than one BatchGetItem reads. */
  suppressedAddresses: (addressHash: string) => ({ gsi2pk: 'SUPPRESSED', gsi2sk: addressHash }),

  /** A fixed-window counter, e.g. question submissions from one (hashed) address in one clock hour. */
  rateLimit: (scope: string, who: string, window: string): Key => ({ pk: `RATE#${scope}#${who}`, sk: `WINDOW#${window}` }),
} as const;

/**
 * Sort-key prefixes used to split a meeting partition's Query result by entity. Actions and agenda
 * items sort before `MEETING`; email records, paper versions and requests after it, so the tracking
 * view (requests with their versions and emails) is one range Query from `MEETING` to the last
 * `REQUEST#`, and the meeting view one from the first `ACTION#` to the same end; history sorts after.
 */
export const sortKeyPrefix = { action: 'ACTION#', agendaItem: 'AGENDA#', minutes: 'MINUTES', email: 'OUTBOX#', paper: 'PAPER#', request: 'REQUEST#', history: 'REQUEST-HISTORY#' } as const;

/** Sort-key prefixes of a meeting's questions partition. */
export const questionSortKeyPrefix = { question: 'QUESTION#', contact: 'CONTACT#', email: 'OUTBOX#', submission: 'SUBMISSION#' } as const;

export const keyAttributes = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity'] as const;
