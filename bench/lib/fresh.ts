/**
 * Fresh state for each measured call, made OUTSIDE the timed part, so every call takes its success
 * path: its own meeting, request, uploaded paper or question where the route changes one, and the
 * `version` read just before. Everything is made in this process through the handlers themselves
 * (the routes' public contract: create-meeting, create-request, submit-paper, submit-question...),
 * against whatever table the environment names, so it works on any world (bench/lib/worlds.ts).
 *
 * Where a secret only reaches people by email (the author's link, the submitter's deletion link),
 * the bench sets its stored hash to that of the sample's secret instead of reading the email back:
 * the form is not what is measured there, and it keeps setup in-process and fast.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { buildEvent, ids, samples, SAMPLE_NOW, STAFF_TOKEN, CSRF_TOKEN, type Sample } from '../../infra/local/make-events.js';
import { csrfTokenFor } from '../../shared/http/csrf.js';
import { hashSecret } from '../../shared/domain/requests.js';
import { keys } from '../../shared/store/keys.js';
import { tableName } from '../../shared/store/store.js';
import { dynamo } from '../../shared/aws/clients.js';
import { s3Client } from '../../shared/aws/s3.js';
import type { RouteName } from '../../shared/routes.js';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export const sampleAuthorKey = (samples['show-paper-page'][0]!.params as { key: string }).key;
export const sampleForgetKey = (samples['show-forget-form'][0]!.params as { key: string }).key;
/** A tiny PDF: what the upload check looks at is its first bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
/** After the agenda publication date of a 7 December 2021 meeting, before the meeting. */
export const PUBLISH_NOW = '2021-11-30T09:00:00Z';
/** After the 7 December 2021 meeting. */
export const AFTER_NOW = '2021-12-08T10:00:00Z';

const handlers = new Map<string, Handler>();
export async function handlerOf(name: RouteName): Promise<Handler> {
  let h = handlers.get(name);
  if (!h) {
    h = ((await import(pathToFileURL(join(process.cwd(), 'functions', `${name}.ts`)).href)) as { handler: Handler }).handler;
    handlers.set(name, h);
  }
  return h;
}

export const contextOf = (name: string) => ({ functionName: name, awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 10_000 }) as unknown as Context;

/** What a call needs: the sample (ids already its own), ids to swap in its text, and its clock. */
export interface Prepared {
  sample: Sample;
  swaps?: Map<string, string>;
  now?: string;
}

export interface Reply {
  status: number;
  body: string;
  json: any;
  headers: Record<string, unknown>;
}

const clone = <T>(x: T): T => structuredClone(x);
export const baseSample = (name: RouteName): Sample => clone(samples[name].find((s) => s.case === 'sample') ?? samples[name][0]!);

export class Fresh {
  private n = 0;
  /** The sample ids of the shared cycle (read routes use these). */
  readonly swaps = new Map<string, string>();

  constructor(
    readonly token: string,
    readonly host: string,
  ) {}

  /** The event Lambda would get for this sample: token, CSRF token, host, ids and clock filled in. */
  event(name: RouteName, p: Prepared): APIGatewayProxyEventV2 {
    let text = JSON.stringify(buildEvent(name, p.sample));
    text = text.split(STAFF_TOKEN).join(this.token);
    for (const placeholder of [CSRF_TOKEN, encodeURIComponent(CSRF_TOKEN)]) text = text.split(placeholder).join(csrfTokenFor(this.token));
    for (const [from, to] of p.swaps ?? []) text = text.split(from).join(to);
    for (const [from, to] of this.swaps) text = text.split(from).join(to);
    text = text.split('localhost:3000').join(this.host);
    const event = JSON.parse(text) as APIGatewayProxyEventV2;
    event.headers['x-scrutiny-now'] = p.now ?? SAMPLE_NOW;
    return event;
  }

  /** Calls a handler in this process (setup: never timed); throws unless it answered 2xx/3xx. */
  async call(name: RouteName, p: Prepared, expect = true): Promise<Reply> {
    let result = await (await handlerOf(name))(this.event(name, p), contextOf(name));
    // Setup on a loaded machine: a 5xx (a DynamoDB Local call past the app's 2 s timeout) is tried
    // again, twice. (Measured calls are never retried: their 5xx is counted.)
    for (let i = 0; (result.statusCode ?? 200) >= 500 && i < 2; i++) result = await (await handlerOf(name))(this.event(name, p), contextOf(name));
    const status = result.statusCode ?? 200;
    const body = result.body ?? '';
    let json: any;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    if (expect && status >= 400) throw new Error(`setup: ${name} answered ${status}: ${body.replace(/\s+/g, ' ').slice(0, 400)}`);
    return { status, body, json, headers: result.headers ?? {} };
  }

  unique() {
    this.n += 1;
    return `${this.n}-${randomBytes(4).toString('hex')}`;
  }

  async setHash(key: { pk: string; sk: string }, attribute: 'linkHash' | 'forgetHash', secret: string) {
    await dynamo().send(new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'SET #h = :h', ExpressionAttributeNames: { '#h': attribute }, ExpressionAttributeValues: { ':h': hashSecret(secret) } }));
  }

  // ---- things, each new ----

  async meeting(start = '2021-12-07T14:00', now = '2021-09-15T08:58:41Z'): Promise<{ id: string; version: number }> {
    const s = baseSample('create-meeting');
    (s.json as Record<string, unknown>).start = start;
    return (await this.call('create-meeting', { sample: s, now })).json;
  }

  async view(meetingId: string, now = SAMPLE_NOW): Promise<{ meeting: { id: string; version: number; start: string }; agenda: { id: string; standing?: string; topicId?: string }[]; requests: { id: string }[] }> {
    return (await this.call('get-meeting', { sample: { case: 'x', params: { meetingId } }, now })).json;
  }

  async topic(sourceMeetingId?: string): Promise<{ id: string; version: number }> {
    const s = baseSample('create-topic');
    (s.json as Record<string, unknown>).title = `Road Safety ${this.unique()}`;
    if (sourceMeetingId) (s.json as { source: { meetingId: string } }).source.meetingId = sourceMeetingId;
    return (await this.call('create-topic', { sample: s, now: '2021-09-15T09:00:12Z' })).json;
  }

  async person(): Promise<{ id: string; version: number }> {
    const s = baseSample('create-person');
    (s.json as Record<string, unknown>).email = `person-${this.unique()}@example.org`;
    return (await this.call('create-person', { sample: s })).json;
  }

  async action(meetingId: string): Promise<{ id: string; version: number }> {
    const s = baseSample('create-action');
    s.params = { meetingId };
    return (await this.call('create-action', { sample: s, now: '2021-09-14T17:00:00Z' })).json;
  }

  /** A request on the meeting for a new topic; its author link's secret is the sample's. */
  async request(meetingId: string): Promise<{ id: string; agendaItemId: string; topicId: string; personId: string }> {
    const topic = await this.topic();
    const s = baseSample('create-request');
    s.params = { meetingId };
    (s.json as Record<string, unknown>).topicId = topic.id;
    // Requests made side by side on one meeting (building a world) may meet its version: again.
    let reply = await this.call('create-request', { sample: s, now: '2021-10-04T10:15:27Z' }, false);
    for (let i = 0; reply.status === 409 && i < 20; i++) reply = await this.call('create-request', { sample: s, now: '2021-10-04T10:15:27Z' }, false);
    if (reply.status >= 400) throw new Error(`setup: create-request answered ${reply.status}: ${reply.body.slice(0, 300)}`);
    const r = reply.json;
    await this.setHash(keys.request(meetingId, r.id), 'linkHash', sampleAuthorKey);
    return { id: r.id, agendaItemId: r.agendaItemId, topicId: topic.id, personId: r.author?.personId };
  }

  /** A file in the upload area, as S3 has it after the author's form posted it (not yet checked). */
  async staged(meetingId: string, requestId: string): Promise<string> {
    const uploadId = ulid();
    const bucket = process.env.PAPERS_BUCKET!;
    await (await s3Client()).send(new PutObjectCommand({ Bucket: bucket, Key: `uploads/${meetingId}/${requestId}/${uploadId}`, Body: PDF, ContentType: 'application/pdf' }));
    return uploadId;
  }

  /** A version of the paper submitted through the author's form; its id. */
  async paper(meetingId: string, requestId: string, now = '2021-11-10T09:00:00Z'): Promise<string> {
    const upload = await this.staged(meetingId, requestId);
    const s = baseSample('submit-paper');
    s.params = { requestId, key: sampleAuthorKey };
    (s.form as Record<string, unknown>).upload = upload;
    await this.call('submit-paper', { sample: s, now });
    return upload;
  }

  /** A public question posted through the form (a new idempotency key and address); the page. */
  async ask(meetingId: string, now = SAMPLE_NOW): Promise<Reply> {
    const s = baseSample('submit-question');
    s.params = { meetingId };
    Object.assign(s.form as Record<string, string>, { idempotencyKey: randomBytes(18).toString('base64url'), email: `asker-${this.unique()}@example.org` });
    return this.call('submit-question', { sample: s, now });
  }

  /** A new public question on the meeting, and its id; its deletion link's secret is the sample's. */
  async question(meetingId: string, accepted?: string): Promise<string> {
    const posted = await this.ask(meetingId);
    const reference = /COM-\d{8}-\d+/.exec(posted.body)?.[0];
    const listed = (await this.call('list-questions', { sample: { case: 'x', params: { meetingId } } })).json as { questions: { id: string; reference: string; version: number }[] };
    const q = listed.questions.find((x) => x.reference === reference) ?? listed.questions.at(-1)!;
    await this.setHash(keys.question(meetingId, q.id), 'forgetHash', sampleForgetKey);
    if (accepted) {
      await this.call('review-question', { sample: { case: 'x', params: { meetingId, questionId: q.id }, json: { version: q.version, outcome: 'accept', agendaItemId: accepted } } });
    }
    return q.id;
  }

  async questionVersion(meetingId: string, questionId: string): Promise<number> {
    const listed = (await this.call('list-questions', { sample: { case: 'x', params: { meetingId } } })).json as { questions: { id: string; version: number }[] };
    return listed.questions.find((q) => q.id === questionId)!.version;
  }

  /**
   * A December-like meeting standing in for the sample's: its standing items, and on request a
   * request for a paper (with a submitted version), a public question (accepted or not). The swaps
   * map the sample's ids to these.
   */
  async december(opts: { request?: boolean; paper?: boolean; question?: 'new' | 'accepted' } = {}) {
    const m = await this.meeting();
    const swaps = new Map<string, string>([[ids.decemberMeeting, m.id]]);
    let view = await this.view(m.id);
    const camel = (s: string) => s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    const standing = ids.standing as Record<string, string>;
    for (const item of view.agenda) if (item.standing && standing[camel(item.standing)]) swaps.set(standing[camel(item.standing)]!, item.id);
    let request: Awaited<ReturnType<Fresh['request']>> | undefined;
    let paperId: string | undefined;
    let questionId: string | undefined;
    if (opts.request || opts.paper) {
      request = await this.request(m.id);
      swaps.set(ids.roadSafetyRequest, request.id).set(ids.roadSafetyItem, request.agendaItemId).set(ids.roadSafetyTopic, request.topicId);
      if (request.personId) swaps.set(ids.authorPerson, request.personId);
    }
    if (opts.paper && request) {
      paperId = await this.paper(m.id, request.id);
      swaps.set(ids.roadSafetyUpload, paperId);
    }
    if (opts.question) {
      questionId = await this.question(m.id, opts.question === 'accepted' ? swaps.get(ids.standing.publicQuestions) : undefined);
      swaps.set(ids.question, questionId);
    }
    if (request) view = await this.view(m.id);
    return { meetingId: m.id, swaps, view, request, paperId, questionId, version: view.meeting.version };
  }
}

/** Sets `version` on the sample's JSON body or form, as the page or client read it just before. */
export function withVersion(s: Sample, version: number): Sample {
  if (s.json && typeof s.json === 'object') (s.json as Record<string, unknown>).version = version;
  if (s.form) s.form.version = String(version);
  return s;
}
