/**
 * Per route, how each measured call gets its success path (bench/lib/fresh.ts makes the state).
 * `once`: the state is made before the route's calls and every call reads it (read routes, and
 * writes that change nothing a second call needs). `each`: the state is made anew before every
 * call, outside the timed part (one-shot routes: publish, withdraw, accept, cancel...; and every
 * write that names a `version`, read just before). A route not listed reads the shared cycle.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { ids, SAMPLE_NOW } from '../../infra/local/make-events.js';
import { dynamo } from '../../shared/aws/clients.js';
import { tableName } from '../../shared/store/store.js';
import type { RouteName } from '../../shared/routes.js';
import { AFTER_NOW, baseSample, Fresh, PUBLISH_NOW, withVersion, type Prepared } from './fresh.js';

export interface Plan {
  mode: 'once' | 'each';
  prepare: (f: Fresh) => Promise<Prepared>;
}

const each = (prepare: Plan['prepare']): Plan => ({ mode: 'each', prepare });
const once = (prepare: Plan['prepare']): Plan => ({ mode: 'once', prepare });

const sample = (name: RouteName) => baseSample(name);

/** A meeting-level write: a new December meeting (with a request if asked), the version read just before. */
const onMeeting = (name: RouteName, opts: { request?: boolean } = {}, now?: string) =>
  each(async (f) => {
    const d = await f.december(opts);
    return { sample: withVersion(sample(name), d.version), swaps: d.swaps, ...(now ? { now } : {}) };
  });

const onRequest = (name: RouteName, opts: { paper?: boolean; accept?: boolean; packFirst?: boolean } = {}, now?: string) =>
  each(async (f) => {
    const d = await f.december({ request: true, paper: opts.paper });
    // A paper accepted after the pack went out ("to follow") is published on its own.
    if (opts.packFirst) await f.call('publish-agenda', { sample: sample('publish-agenda'), swaps: d.swaps, now: PUBLISH_NOW });
    if (opts.accept) await f.call('accept-paper', { sample: sample('accept-paper'), swaps: d.swaps });
    const s = sample(name);
    // A decision names the version it decides on (the page showed it): the request's, read now.
    if (s.form?.version !== undefined || (s.json as { version?: unknown } | undefined)?.version !== undefined) {
      const r = (await f.call('get-request', { sample: { case: 'x', params: { meetingId: d.meetingId, requestId: d.request!.id } } })).json;
      withVersion(s, r.version ?? r.request?.version);
    }
    return { sample: s, swaps: d.swaps, ...(now ? { now } : {}) };
  });

const onQuestion = (name: RouteName, state: 'new' | 'accepted') =>
  each(async (f) => {
    const d = await f.december({ question: state });
    return { sample: withVersion(sample(name), await f.questionVersion(d.meetingId, d.questionId!)), swaps: d.swaps };
  });

const newTopic = (name: RouteName) =>
  each(async (f) => {
    const t = await f.topic();
    return { sample: withVersion(sample(name), t.version), swaps: new Map([[ids.roadSafetyTopic, t.id]]) };
  });

const newPerson = (name: RouteName) =>
  each(async (f) => {
    const p = await f.person();
    const s = withVersion(sample(name), p.version);
    if (s.json) (s.json as Record<string, unknown>).email = `changed-${f.unique()}@example.org`;
    if (s.form) s.form.email = `changed-${f.unique()}@example.org`;
    return { sample: s, swaps: new Map([[ids.authorPerson, p.id]]) };
  });

const newAction = (name: RouteName) =>
  each(async (f) => {
    const a = await f.action(f.swaps.get(ids.septemberMeeting)!);
    return { sample: withVersion(sample(name), a.version), swaps: new Map([[ids.septemberAction, a.id]]) };
  });

const uniqueEmail = (name: RouteName) =>
  each(async (f) => {
    const s = sample(name);
    if (s.json) (s.json as Record<string, unknown>).email = `new-${f.unique()}@example.org`;
    if (s.form) s.form.email = `new-${f.unique()}@example.org`;
    return { sample: s };
  });

/** A new request for a topic not yet on the meeting. */
const newRequest = (name: RouteName) =>
  each(async (f) => {
    const d = await f.december();
    const t = await f.topic();
    return { sample: sample(name), swaps: new Map([...d.swaps, [ids.roadSafetyTopic, t.id]]) };
  });

const minutesVersion = async (f: Fresh, swaps: Map<string, string>) => {
  const m = (await f.call('get-minutes', { sample: sample('get-minutes'), swaps, now: AFTER_NOW })).json;
  return (m.minutes?.version ?? m.version) as number;
};

const APPROVE_NOW = '2022-03-15T18:00:00Z';

/** A meeting after every December-like one, to approve their minutes at (made once per world). */
const approvingMeetings = new WeakSet<Fresh>();

/**
 * Minutes of a held meeting: none yet, saved, or published as a draft (then approved at the next
 * meeting: the sample names September's, so the meeting stands in for September); their version
 * read just before.
 */
const onMinutes = (name: RouteName, state: 'none' | 'saved' | 'published') =>
  each(async (f) => {
    const d = await f.december({ request: true });
    if (state !== 'none') await f.call('save-minutes', { sample: sample('save-minutes'), swaps: d.swaps, now: AFTER_NOW });
    if (state === 'published') {
      await f.call('publish-minutes', { sample: withVersion(sample('publish-minutes'), await minutesVersion(f, d.swaps)), swaps: d.swaps, now: AFTER_NOW });
      if (!approvingMeetings.has(f)) {
        await f.meeting('2022-03-15T14:00');
        approvingMeetings.add(f);
      }
      d.swaps.set(ids.septemberMeeting, d.meetingId);
    }
    const s = sample(name);
    if (state !== 'none') withVersion(s, await minutesVersion(f, d.swaps));
    // Approved on or after the day of the meeting they are approved at (the next one, in March 2022).
    return { sample: s, swaps: d.swaps, now: state === 'published' ? APPROVE_NOW : AFTER_NOW };
  });

export const plans: Partial<Record<RouteName, Plan>> = {
  // Creating writes: each call makes a new thing; unique where an address must be.
  'create-person': uniqueEmail('create-person'),
  'submit-person': uniqueEmail('submit-person'),
  'submit-question': each(async (f) => {
    const s = sample('submit-question');
    Object.assign(s.form as Record<string, string>, { idempotencyKey: `bench-${f.unique()}-key`, email: `asker-${f.unique()}@example.org` });
    return { sample: s };
  }),
  'create-request': newRequest('create-request'),
  'submit-request': newRequest('submit-request'),

  // Changes that name a version: a new thing, or its version read just before.
  'update-meeting': onMeeting('update-meeting'),
  'submit-meeting-edit': onMeeting('submit-meeting-edit'),
  'submit-meeting-held': onMeeting('submit-meeting-held', {}, '2021-12-07T18:00:00Z'),
  'cancel-meeting': onMeeting('cancel-meeting'),
  'submit-meeting-cancellation': onMeeting('submit-meeting-cancellation'),
  'add-agenda-item': onMeeting('add-agenda-item'),
  'submit-agenda-item': onMeeting('submit-agenda-item'),
  'reorder-agenda': onMeeting('reorder-agenda', { request: true }),
  'submit-agenda-move': onMeeting('submit-agenda-move', { request: true }),
  'add-agenda-topic': each(async (f) => {
    const d = await f.december();
    const t = await f.topic();
    return { sample: withVersion(sample('add-agenda-topic'), d.version), swaps: new Map([...d.swaps, [ids.roadSafetyTopic, t.id]]) };
  }),
  'update-topic': newTopic('update-topic'),
  'submit-topic-edit': newTopic('submit-topic-edit'),
  'update-person': newPerson('update-person'),
  'submit-person-edit': newPerson('submit-person-edit'),
  'update-action': newAction('update-action'),
  'submit-action-update': newAction('submit-action-update'),

  // One-shot request and paper routes: their own request (and paper) each call.
  'withdraw-request': onRequest('withdraw-request'),
  'resend-request': onRequest('resend-request'),
  'submit-remind-now': onRequest('submit-remind-now'),
  'accept-paper': onRequest('accept-paper', { paper: true }),
  'return-paper': onRequest('return-paper', { paper: true }),
  'submit-paper-decision': onRequest('submit-paper-decision', { paper: true }),
  'publish-paper': onRequest('publish-paper', { paper: true, packFirst: true, accept: true }, PUBLISH_NOW),
  'publish-agenda': onRequest('publish-agenda', { paper: true, accept: true }, PUBLISH_NOW),
  'submit-agenda-publication': onRequest('submit-agenda-publication', { paper: true, accept: true }, PUBLISH_NOW),
  'submit-paper': each(async (f) => {
    const d = await f.december({ request: true });
    const upload = await f.staged(d.meetingId, d.request!.id);
    return { sample: sample('submit-paper'), swaps: new Map([...d.swaps, [ids.roadSafetyUpload, upload]]) };
  }),
  'check-paper-upload': once(async (f) => {
    const d = await f.december({ request: true });
    const upload = await f.staged(d.meetingId, d.request!.id);
    return { sample: sample('check-paper-upload'), swaps: new Map([...d.swaps, [ids.roadSafetyUpload, upload]]) };
  }),

  // Questions: their own question, its version read just before.
  'review-question': onQuestion('review-question', 'new'),
  'submit-question-review': onQuestion('submit-question-review', 'new'),
  'answer-question': onQuestion('answer-question', 'accepted'),
  'submit-question-answer': onQuestion('submit-question-answer', 'accepted'),
  'submit-forget': each(async (f) => ({ sample: sample('submit-forget'), swaps: (await f.december({ question: 'new' })).swaps })),

  // Minutes, after the meeting.
  'save-minutes': onMinutes('save-minutes', 'none'),
  'submit-minutes': onMinutes('submit-minutes', 'none'),
  'submit-attendance': onMinutes('submit-attendance', 'none'),
  'publish-minutes': onMinutes('publish-minutes', 'saved'),
  'submit-minutes-publish': onMinutes('submit-minutes-publish', 'saved'),
  'approve-minutes': onMinutes('approve-minutes', 'published'),
  'submit-minutes-approval': onMinutes('submit-minutes-approval', 'published'),
  // Importing past minutes: each confirm names a new import (its key is the new meeting's id).
  'confirm-minutes-import': each(async () => ({ sample: sample('confirm-minutes-import'), swaps: new Map([[ids.importKey, ulid()]]) })),
  'submit-minutes-import-confirm': each(async () => ({ sample: sample('submit-minutes-import-confirm'), swaps: new Map([[ids.importKey, ulid()]]) })),

  // Sending a failed email again: an email of a new request, marked failed as the outbox leaves one.
  'submit-email-resend': each(async (f) => {
    const d = await f.december({ request: true });
    const found = await dynamo().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)', ExpressionAttributeValues: { ':pk': `MEETING#${d.meetingId}`, ':outbox': 'OUTBOX#' }, Limit: 1 }));
    const key = { pk: String(found.Items![0]!.pk), sk: String(found.Items![0]!.sk) };
    await dynamo().send(new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'SET #s = :failed', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':failed': 'failed' } }));
    const s = sample('submit-email-resend');
    s.form!.email = Buffer.from(`${key.pk}\n${key.sk}`).toString('base64url');
    return { sample: s };
  }),

  // Reads of published things.
  'download-public-paper': once(async (f) => {
    const d = await f.december({ paper: true });
    await f.call('accept-paper', { sample: sample('accept-paper'), swaps: d.swaps });
    await f.call('publish-agenda', { sample: sample('publish-agenda'), swaps: d.swaps, now: PUBLISH_NOW });
    return { sample: sample('download-public-paper'), swaps: d.swaps, now: PUBLISH_NOW };
  }),
  'download-public-minutes': once(async (f) => publishedMinutes(f, 'download-public-minutes')),
  'show-public-minutes': once(async (f) => publishedMinutes(f, 'show-public-minutes')),
};

async function publishedMinutes(f: Fresh, name: RouteName): Promise<Prepared> {
  const d = await f.december({ request: true });
  await f.call('save-minutes', { sample: sample('save-minutes'), swaps: d.swaps, now: AFTER_NOW });
  const m = (await f.call('get-minutes', { sample: sample('get-minutes'), swaps: d.swaps, now: AFTER_NOW })).json;
  await f.call('publish-minutes', { sample: withVersion(sample('publish-minutes'), m.minutes?.version ?? m.version), swaps: d.swaps, now: AFTER_NOW });
  return { sample: sample(name), swaps: d.swaps, now: AFTER_NOW };
}

export const planOf = (name: RouteName): Plan => plans[name] ?? once(async () => ({ sample: baseSample(name), now: SAMPLE_NOW }));
