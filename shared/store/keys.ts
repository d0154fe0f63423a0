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

export const keys = {
  /** A meeting, its agenda items, report requests and the actions raised at it share one partition. */
  meetingPartition: (meetingId: string) => ({ pk: meetingPk(meetingId) }),
  meeting: (meetingId: string): Key => ({ pk: meetingPk(meetingId), sk: 'MEETING' }),
  agendaItem: (meetingId: string, itemId: string): Key => ({ pk: meetingPk(meetingId), sk: `AGENDA#${itemId}` }),
  request: (meetingId: string, requestId: string): Key => ({ pk: meetingPk(meetingId), sk: `REQUEST#${requestId}` }),
  action: (meetingId: string, actionId: string): Key => ({ pk: meetingPk(meetingId), sk: `ACTION#${actionId}` }),
  topic: (topicId: string): Key => ({ pk: `TOPIC#${topicId}`, sk: 'TOPIC' }),

  /** gsi1: meetings by start time. */
  meetingsByStart: (startIso: string, meetingId: string) => ({ gsi1pk: 'MEETINGS', gsi1sk: `${startIso}#${meetingId}` }),
  /** gsi1: topics by creation time. */
  topicsByCreation: (createdAt: string, topicId: string) => ({ gsi1pk: 'TOPICS', gsi1sk: `${createdAt}#${topicId}` }),
  /** gsi1: a report request by its id alone (the author's link names only the request). */
  requestById: (requestId: string) => ({ gsi1pk: `REQUEST#${requestId}`, gsi1sk: 'REQUEST' }),
  /** gsi2 (sparse): actions not completed, by the start of the meeting that raised them. */
  openActionsByMeetingStart: (meetingStart: string, actionId: string) => ({
    gsi2pk: 'OPEN_ACTIONS',
    gsi2sk: `${meetingStart}#${actionId}`,
  }),
} as const;

/**
 * Sort-key prefixes used to split a meeting partition's Query result by entity. Agenda items and
 * actions sort before `MEETING`, requests after it, so the tracking view is one range Query.
 */
export const sortKeyPrefix = { agendaItem: 'AGENDA#', request: 'REQUEST#', action: 'ACTION#' } as const;

export const keyAttributes = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity'] as const;
