/**
 * The data the sample events name, made for real on the bench's stack: the September and December
 * 2021 meetings, the September action, the Road Safety topic and its request (with the author's
 * link from the request email), and Jane's question (with its deletion link). The sample events
 * (events/) are then used with their ids and secrets swapped for these, as the events test does,
 * so each handler gets past its lookups and does its real work.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ids, samples, SAMPLE_NOW, STAFF_TOKEN, CSRF_TOKEN } from '../../infra/local/make-events.js';
import { localIssuer } from '../../infra/local/issuer.js';
import { localUsers } from '../../infra/local/users.js';
import { csrfTokenFor } from '../../shared/http/csrf.js';
import type { RouteName } from '../../shared/routes.js';
import { localEnv, type Endpoints } from '../../infra/local/env.js';

export interface Cycle {
  token: string;
  swaps: Map<string, string>;
  decemberMeetingId: string;
}

const place = 'Wellington House, Wakefield';
const sampleAuthorKey = (samples['show-paper-page'][0]!.params as { key: string }).key;
const sampleForgetKey = (samples['show-forget-form'][0]!.params as { key: string }).key;

export async function staffToken(e: Endpoints): Promise<string> {
  const issuer = await localIssuer(e.app, join(process.cwd(), '.local/keys'));
  return issuer.sign(localUsers.find((u) => u.email === 'engagement.manager@example.org')!);
}

async function json(e: Endpoints, token: string | undefined, method: string, path: string, body: unknown, now: string, expected = 201) {
  const res = await fetch(e.app + path, {
    method,
    headers: { 'content-type': 'application/json', 'x-scrutiny-now': now, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function linkIn(e: Endpoints, to: string, pattern: RegExp, id: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const { emails } = (await (await fetch(`${e.ses}/store`)).json()) as { emails: { destination: { to: string[] }; body: { text?: string } }[] };
    for (const m of emails.filter((x) => x.destination.to.some((d) => d.includes(to))).reverse()) {
      const found = pattern.exec(m.body.text ?? '');
      if (found && found[1] === id) return found[2]!;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No email to ${to} with a link for ${id}`);
}

/** The 2021 cycle, as in test/integration/events.test.ts, plus the secrets of its links. */
export async function makeCycle(e: Endpoints): Promise<Cycle> {
  const token = await staffToken(e);
  const september = await json(e, token, 'POST', '/api/meetings', { start: '2021-09-14T15:00', place }, '2021-08-02T09:00:00Z');
  const action = await json(e, token, 'POST', `/api/meetings/${september.id}/actions`, { text: 'Road safety partnership figures to come to a future meeting', owner: 'West Yorkshire Police' }, '2021-09-14T17:00:00Z');
  const december = await json(e, token, 'POST', '/api/meetings', { start: '2021-12-07T14:00', place }, '2021-09-15T08:58:41Z');
  const topic = await json(e, token, 'POST', '/api/topics', { title: 'Road Safety', points: ['Update on Vision Zero', 'Update on Op Snap digital footage submission scheme'], source: { kind: 'future-items', meetingId: september.id } }, '2021-09-15T09:00:12Z');
  const author = { name: 'Chief Inspector, Roads Policing', email: 'ci.roads-policing@example.org' };
  const request = await json(e, token, 'POST', `/api/meetings/${december.id}/requests`, { topicId: topic.id, sponsor: { name: 'ACC, Operational Support', email: 'acc.operational-support@example.org' }, author }, '2021-10-04T10:15:27Z');
  const authorKey = await linkIn(e, author.email, /\/papers\/([0-9A-Z]{26})\/([A-Za-z0-9_-]+)/, request.id);

  // Jane's question, exactly as the sample form posts it, so the sample event is its repeat.
  const form = samples['submit-question'][0]!.form as Record<string, string>;
  const asked = await fetch(`${e.app}/meetings/${december.id}/questions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-scrutiny-now': SAMPLE_NOW },
    body: new URLSearchParams(form).toString(),
  });
  if (asked.status !== 200) throw new Error(`The sample question was not taken: ${asked.status}`);
  const listed = await json(e, token, 'GET', `/api/meetings/${december.id}/questions`, undefined, SAMPLE_NOW, 200);
  const questionId = (listed.questions as { id: string }[])[0]!.id;
  const forgetKey = await linkIn(e, form.email!, /\/questions\/([0-9A-Z]{26})\/forget\/([A-Za-z0-9_-]+)/, questionId);

  const view = await json(e, token, 'GET', `/api/meetings/${december.id}`, undefined, SAMPLE_NOW, 200);
  const swaps = new Map<string, string>([
    [ids.septemberMeeting, september.id],
    [ids.septemberAction, action.id],
    [ids.decemberMeeting, december.id],
    [ids.roadSafetyTopic, topic.id],
    [ids.roadSafetyRequest, request.id],
    [ids.roadSafetyItem, request.agendaItemId],
    [ids.question, questionId],
    [sampleAuthorKey, authorKey],
    [sampleForgetKey, forgetKey],
  ]);
  const camel = (s: string) => s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  const standing = ids.standing as Record<string, string>;
  for (const item of view.agenda as { id: string; standing?: string }[]) {
    if (item.standing && standing[camel(item.standing)]) swaps.set(standing[camel(item.standing)]!, item.id);
  }
  return { token, swaps, decemberMeetingId: december.id };
}

const eventsDir = join(process.cwd(), 'events');
const eventFiles = readdirSync(eventsDir).filter((f) => f.endsWith('.json'));

/** The route's sample event file (its `sample` case, else its first), for the record. */
export function eventFileOf(name: RouteName): string {
  const mine = eventFiles.filter((f) => f.startsWith(`${name}.`)).sort();
  return mine.find((f) => f === `${name}.sample.json`) ?? mine[0]!;
}

/** The event as Lambda would get it on the bench stack: real ids, secrets, token and CSRF token. */
export function eventOf(name: RouteName, cycle: Cycle, e: Endpoints): APIGatewayProxyEventV2 {
  let text = readFileSync(join(eventsDir, eventFileOf(name)), 'utf8');
  text = text.split(STAFF_TOKEN).join(cycle.token);
  for (const placeholder of [CSRF_TOKEN, encodeURIComponent(CSRF_TOKEN)]) text = text.split(placeholder).join(csrfTokenFor(cycle.token));
  for (const [from, to] of cycle.swaps) text = text.split(from).join(to);
  text = text.split('localhost:3000').join(new URL(e.app).host);
  return JSON.parse(text) as APIGatewayProxyEventV2;
}

/** The environment the local runtime gives functions (as infra/local/start.ts sets it). */
export function functionEnv(e: Endpoints): Record<string, string> {
  return { ...localEnv(e), AWS_REGION: 'eu-west-2', POWERTOOLS_LOG_LEVEL: 'ERROR' };
}

/**
 * Routes whose sample changes what other samples read (withdraws the request, replaces its link,
 * publishes, deletes the submitter's data): they run last, so the rest see the cycle as made.
 */
export const LAST = new Set<string>([
  'accept-paper', 'return-paper', 'publish-paper', 'publish-agenda', 'submit-agenda-publication', 'submit-paper-decision',
  'resend-request', 'withdraw-request', 'submit-forget',
]);
