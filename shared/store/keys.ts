/**
 * The single-table key design: the one place that spells key names and prefixes.
 * Both the CDK table and the local CreateTable read `tableSchema`; the store builds every key
 * through `keys`. README "Access patterns" lists what each key and index serves.
 */
export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  timeToLiveAttribute: 'expiresAt',
} as const;

export type Key = { pk: string; sk: string };

const meetingPk = (meetingId: string) => `MEETING#${meetingId}`;
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
  /** A request's append-only history (who did what, when). */
  history: (meetingId: string, requestId: string, entryId: string): Key => ({ pk: meetingPk(meetingId), sk: `HISTORY#${requestId}#${entryId}` }),
  topic: (topicId: string): Key => ({ pk: `TOPIC#${topicId}`, sk: 'TOPIC' }),

  /** gsi1: meetings by start time. */
  meetingsByStart: (startIso: string, meetingId: string) => ({ gsi1pk: 'MEETINGS', gsi1sk: `${startIso}#${meetingId}` }),
  /** gsi1: topics by creation time. */
  topicsByCreation: (createdAt: string, topicId: string) => ({ gsi1pk: 'TOPICS', gsi1sk: `${createdAt}#${topicId}` }),
  /** gsi1: a report request by its id alone (the author's link names only the request). */
  requestById: (requestId: string) => ({ gsi1pk: `REQUEST#${requestId}`, gsi1sk: 'REQUEST' }),
  /** gsi1: a request's paper versions and history share its gsi1 partition, so one Query reads them all. */
  paperByRequest: (requestId: string, paperId: string) => ({ gsi1pk: `REQUEST#${requestId}`, gsi1sk: `PAPER#${paperId}` }),
  historyByRequest: (requestId: string, entryId: string) => ({ gsi1pk: `REQUEST#${requestId}`, gsi1sk: `HISTORY#${entryId}` }),
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
  /** The last reference number given for the meeting (an atomic ADD claims the next). */
  questionCounter: (meetingId: string): Key => ({ pk: questionsPk(meetingId), sk: 'COUNTER' }),
  /** One form submission (idempotency key + what was posted, hashed): claimed with the question it creates. */
  questionSubmission: (meetingId: string, submissionHash: string): Key => ({ pk: questionsPk(meetingId), sk: `SUBMISSION#${submissionHash}` }),
  /** gsi1: a question and its contact by the question id alone (the submitter's deletion link). */
  questionById: (questionId: string) => ({ gsi1pk: `QUESTION#${questionId}`, gsi1sk: 'QUESTION' }),
  contactByQuestionId: (questionId: string) => ({ gsi1pk: `QUESTION#${questionId}`, gsi1sk: 'CONTACT' }),
  /** gsi2 (sparse): contacts by when they must be removed; the purge job queries `gsi2sk < now`. */
  contactsByExpiry: (expiresOn: string, questionId: string) => ({ gsi2pk: 'CONTACT_EXPIRY', gsi2sk: `${expiresOn}#${questionId}` }),
  /** A fixed-window counter, e.g. question submissions from one (hashed) address in one clock hour. */
  rateLimit: (scope: string, who: string, window: string): Key => ({ pk: `RATE#${scope}#${who}`, sk: `WINDOW#${window}` }),
} as const;

/**
 * Sort-key prefixes used to split a meeting partition's Query result by entity. Agenda items,
 * actions and history sort before `MEETING`; paper versions and requests after it, so the tracking
 * view (requests with their versions) is one range Query from `MEETING` to the last `REQUEST#`.
 */
export const sortKeyPrefix = { agendaItem: 'AGENDA#', request: 'REQUEST#', action: 'ACTION#', paper: 'PAPER#', history: 'HISTORY#' } as const;

/** Sort-key prefixes of a meeting's questions partition. */
export const questionSortKeyPrefix = { question: 'QUESTION#', contact: 'CONTACT#', submission: 'SUBMISSION#' } as const;

export const keyAttributes = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity'] as const;
