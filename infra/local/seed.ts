/**
 * `npm run seed` (with `npm start` running): loads a demo cycle modelled on the September and
 * December 2021 Community Outcomes Meetings, through the real API with the clock set to the dates
 * of the cycle. Role titles only, no personal data. Running it twice changes nothing. It finds the
 * product in .local/stack.json (whatever `npm start`'s options); `--base <url>` names another.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { localIssuer } from './issuer.js';
import { localUsers } from './users.js';
import { readStack, StackNotRunningError } from './stack-file.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const { values } = parseArgs({ options: { base: { type: 'string' } } });
let base: string;
try {
  base = (values.base ?? readStack().app).replace(/\/+$/, '');
} catch (error) {
  if (!(error instanceof StackNotRunningError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const token = await (await localIssuer(base, join(root, '.local/keys'))).sign(localUsers[0]!);

async function call<T = any>(method: string, path: string, body: unknown, now: string): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'x-scrutiny-now': now, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  }).catch(() => {
    console.error(`Cannot reach ${base}. Start the product first with npm start (in another terminal).`);
    process.exit(1);
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
  return json as T;
}

const existing = await call<{ meetings: { id: string }[] }>('GET', '/api/meetings?from=2021-09-14&to=2021-09-14', undefined, '2021-08-02T09:00:00Z');
if (existing.meetings.length) {
  console.log('The demo cycle is already loaded (a meeting on 14 September 2021 exists). Nothing to do.');
  process.exit(0);
}

const place = 'Wellington House, Wakefield';
const livestreamUrl = 'https://www.youtube.com/@WestYorkshireCA';

// The September meeting: held, with its actions and its future agenda items.
const september = await call('POST', '/api/meetings', { start: '2021-09-14T15:00', place, livestreamUrl }, '2021-08-02T09:00:00Z');
const actions = [
  ['DMPC to visit a Neighbourhood Forum', 'Deputy Mayor for Policing and Crime'],
  ['ASB question set data to be included in the next ASB update report', 'T/ACC, West Yorkshire Police'],
  ['Briefing between the DMPC and the T/ACC on drug testing: what provision is in place and what more could be done', 'T/ACC, West Yorkshire Police'],
  ['WYP to provide an update on the effectiveness of the drug intervention schemes at a future meeting', 'West Yorkshire Police'],
  ['Hate crimes on officers to be discussed at a future meeting', 'Chief Constable'],
];
const recorded = [];
for (const [text, owner] of actions) recorded.push(await call('POST', `/api/meetings/${september.id}/actions`, { text, owner }, '2021-09-14T17:00:00Z'));
await call('PATCH', `/api/meetings/${september.id}`, { version: september.version, status: 'held' }, '2021-09-14T17:05:00Z');
await call('PATCH', `/api/meetings/${september.id}/actions/${recorded[0].id}`, { version: 1, status: 'completed', note: 'Visited the Leeds forum' }, '2021-10-20T10:00:00Z');
await call('PATCH', `/api/meetings/${september.id}/actions/${recorded[2].id}`, { version: 1, status: 'ongoing', note: 'Briefing booked for November' }, '2021-10-20T10:00:00Z');

const future = 'future-items';
const topics = {
  prevent: await call('POST', '/api/topics', { title: 'Countering Terrorism – Prevent', points: ['The Prevent business plan 2021/22', 'Prevent activity across West Yorkshire', 'Project Servator'], source: { kind: future, meetingId: september.id } }, '2021-09-15T09:00:00Z'),
  safeguarding: await call('POST', '/api/topics', { title: 'Safeguarding', points: ['Post-lockdown position on child neglect, physical abuse and sexual abuse', 'Children and child abuse update', 'Missing people, including young people who go missing frequently'], source: { kind: future, meetingId: september.id } }, '2021-09-15T09:00:00Z'),
  violence: await call('POST', '/api/topics', { title: 'Serious Violent Crime', points: ['Knife crime and Operation Jemlock', 'County lines', 'Work with the Violence Reduction Unit'], source: { kind: future, meetingId: september.id } }, '2021-09-15T09:00:00Z'),
  roads: await call('POST', '/api/topics', { title: 'Road Safety', points: ['Update on Vision Zero', 'Update on Op Snap digital footage submission scheme', 'Update on ANPR and the national ANPR programme', 'Impact on WYP of local authority partners working during COVID-19', 'Impact of ANPR in West Yorkshire'], source: { kind: future, meetingId: september.id } }, '2021-09-15T09:00:00Z'),
  exception: await call('POST', '/api/topics', { title: 'Exception report (theme to be agreed)', points: [], source: { kind: future, meetingId: september.id } }, '2021-09-15T09:00:00Z'),
  hate: await call('POST', '/api/topics', { title: 'Hate crime against officers', points: ['How hate crime and abuse against officers is recorded and dealt with'], source: { kind: 'action', meetingId: september.id, actionId: recorded[4].id } }, '2021-09-15T09:00:00Z'),
};

// The December meeting and its papers, requested in October.
const december = await call('POST', '/api/meetings', { start: '2021-12-07T14:00', place, livestreamUrl }, '2021-09-20T09:00:00Z');
const role = (title: string, box: string) => ({ name: title, email: `${box}@example.org` });
const requests = [
  [topics.prevent, role('ACC, Specialist Operations', 'acc.specialist-operations'), role('Superintendent, Prevent', 'supt.prevent')],
  [topics.safeguarding, role('ACC, Crime', 'acc.crime'), role('Detective Superintendent, Safeguarding', 'dsupt.safeguarding')],
  [topics.violence, role('ACC, Crime', 'acc.crime'), role('Superintendent, Serious Violence', 'supt.serious-violence')],
  [topics.roads, role('ACC, Operational Support', 'acc.operational-support'), role('Chief Inspector, Roads Policing', 'ci.roads-policing')],
] as const;
for (const [topic, sponsor, author] of requests) {
  await call('POST', `/api/meetings/${december.id}/requests`, { topicId: topic.id, sponsor, author }, '2021-10-18T09:00:00Z');
}

// A member of the public asks a question through the form on 20 November; staff accept it.
const form = new URLSearchParams({
  name: 'A Resident',
  email: 'resident@example.org',
  district: 'Leeds',
  question: 'How is footage sent in through Operation Snap used, and how many drivers have been prosecuted?',
  idempotencyKey: 'seed-question-december-2021',
  website: '',
});
const asked = await fetch(`${base}/meetings/${december.id}/questions`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-scrutiny-now': '2021-11-20T10:00:00Z' },
  body: form.toString(),
});
if (!asked.ok) throw new Error(`The seed question was not accepted by the form: ${asked.status}`);
const { questions } = await call<{ questions: { id: string; version: number }[] }>('GET', `/api/meetings/${december.id}/questions`, undefined, '2021-11-22T10:00:00Z');
await call('POST', `/api/meetings/${december.id}/questions/${questions[0]!.id}/review`, { version: questions[0]!.version, outcome: 'accept' }, '2021-11-22T10:00:00Z');

// The next turn: a meeting in March 2022.
await call('POST', '/api/meetings', { start: '2022-03-08T14:00', place, livestreamUrl }, '2021-12-08T09:00:00Z');

console.log(`Loaded the demo cycle:
  14 September 2021 (held): 5 actions (1 completed, 1 ongoing), 6 future agenda topics
  7 December 2021: 4 papers requested (8 request emails in the SES emulator's view), 1 public question accepted
  8 March 2022: planned
See it as of a date in the cycle:  npm start -- --now 2021-11-16T09:00   (then ${base}/staff/meetings)
Send the reminders due at a moment:  npm run remind -- --at 2021-11-08T08:00   (see README, "Reminders")`);
