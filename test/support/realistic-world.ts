/**
 * A realistic cycle to hold pages to: the 7 December 2021 Community Outcomes Meeting with eight
 * report requests whose papers are in every state (due, overdue, submitted on time, submitted late,
 * returned, accepted, published, withdrawn), its agenda (standing items, each paper, a verbal
 * update), actions, matters arising from the 14 September 2021 meeting (whose attendance and minutes
 * are published as a draft, an action under an agenda item, two future items), 30 public questions in every
 * review state with written answers, a submitter who deleted their details, and the reminders the
 * hourly sweep sent; and the March 2022 meeting after it.
 *
 * Everything is made as people make it: staff through the API, authors through their emailed link
 * and the upload form (the file posted to the S3 emulator as a browser posts it), the public through
 * the question form. It lives on a private stack (test/support/world.ts `privateStack`: the same
 * local server, a table of its own), so the reminder sweep, run here as the scheduler runs it,
 * sees only this cycle, and lists show only its meetings. `VIEW_AT` is the moment to look at it.
 */
import { bounceNotification, snsEvent } from './ses-notifications.js';
import { expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import { AUTHOR_LINK, FORGET_LINK, linkIn, uniqueEmail } from './http.js';
import { call, privateStack, staffToken, type Call, type PrivateStack } from './world.js';
import { PDF, DOCX, postToS3, uploadFormOf } from './papers.js';

/** Staff, authors and the public look at the cycle on this morning: the pack is out, the meeting next week. */
export const VIEW_AT = '2021-12-01T10:00:00Z';
/** While the December meeting's questions are open. */
export const QUESTIONS_OPEN_AT = '2021-11-20T10:00:00Z';
/** The day after the meeting: answers are public. */
export const AFTER_MEETING = '2021-12-08T10:00:00Z';

export type PaperState = 'due' | 'overdue' | 'on-time' | 'late' | 'returned' | 'accepted' | 'published' | 'withdrawn';

export interface RealisticRequest {
  state: PaperState;
  id: string;
  title: string;
  /** The author's link path, /papers/<id>/<secret> (from the request email). */
  link: string;
  /** The latest version's id, where a paper was submitted. */
  versionId?: string;
}

export interface RealisticWorld {
  stack: PrivateStack;
  base: string;
  meetingId: string;
  earlierMeetingId: string;
  nextMeetingId: string;
  requests: Record<PaperState, RealisticRequest>;
  /** An upload checked but not yet confirmed (the author's confirm step), on the due request. */
  pendingUploadId: string;
  questionIds: string[];
  /** A question's deletion link path, /questions/<id>/forget/<secret> (its submitter kept their details). */
  forgetLink: string;
  engagementManager: string;
}

const TOPICS: { title: string; points: string[]; state: PaperState; sponsor: string; author: string }[] = [
  { state: 'due', title: 'Violence Against Women and Girls: the force’s delivery plan', points: ['Progress against the delivery plan', 'Op Encompass referrals', 'Feedback from survivors’ groups'], sponsor: 'ACC Crime, Chief Officer Team', author: 'Detective Chief Superintendent, Head of Safeguarding Governance' },
  { state: 'overdue', title: 'Serious Violent Crime', points: ['Knife crime in Bradford and Leeds', 'Violence Reduction Unit partnership work'], sponsor: 'ACC Specialist Crime', author: 'Detective Superintendent, Serious Violence' },
  { state: 'on-time', title: 'Road Safety', points: ['Update on Vision Zero', 'Update on Op Snap', 'Impact of ANPR in West Yorkshire'], sponsor: 'ACC Operational Support', author: 'Chief Inspector, Roads Policing Unit' },
  { state: 'late', title: 'Countering Terrorism', points: ['Prevent referrals', 'Protect and Prepare duties for venues'], sponsor: 'ACC Counter Terrorism Policing North East', author: 'Superintendent, Counter Terrorism' },
  { state: 'returned', title: 'Safeguarding', points: ['Missing children', 'Child criminal exploitation'], sponsor: 'ACC Crime, Chief Officer Team', author: 'Detective Superintendent, Safeguarding Central Governance Unit' },
  { state: 'accepted', title: 'Neighbourhood Policing and Community Engagement', points: ['Neighbourhood policing teams', 'Your Views survey results'], sponsor: 'ACC Local Policing', author: 'Chief Superintendent, Neighbourhood Policing' },
  { state: 'published', title: 'Hate Crime', points: ['Recorded hate crime by district', 'Third-party reporting centres'], sponsor: 'ACC Local Policing', author: 'Inspector, Hate Crime Coordinator' },
  { state: 'withdrawn', title: 'Rural Crime', points: ['Farm machinery theft', 'Wildlife crime'], sponsor: 'ACC Operational Support', author: 'Sergeant, Rural Crime Team' },
];

const DISTRICTS = ['Bradford', 'Calderdale', 'Kirklees', 'Leeds', 'Wakefield'] as const;

const QUESTION_TEXTS = [
  'What is being done about speeding on the A62 through Milnsbridge, where residents have asked for average speed cameras for several years?',
  'How many officers are assigned to neighbourhood policing in Calderdale compared with 2019?',
  'Will the force publish how often Op Snap footage leads to a prosecution?',
  'What support is there for victims of domestic abuse who live in rural parts of Kirklees?',
  'How does the force work with schools to prevent knife crime?',
  'Why are 101 calls taking so long to answer in the evenings?',
  'What is the force doing about anti-social behaviour on buses in Leeds city centre?',
  'How are hate crimes against disabled people being recorded and followed up?',
  'Can the commissioner explain how the precept increase was spent on policing?',
  'What happens to a report made through the online portal after it is submitted?',
];


export async function makeRealisticWorld(): Promise<RealisticWorld> {
  const engagementManager = uniqueEmail('em');
  // Raised so that 30 questions from one address (this process) are not refused as a flood.
  const stack = await privateStack({ QUESTION_RATE_LIMIT_PER_HOUR: '1000', QUESTION_ACKS_PER_HOUR: '1000', ENGAGEMENT_MANAGER_EMAIL: engagementManager, OUTBOX_SEND_RATE_PER_SECOND: '200', POWERTOOLS_LOG_LEVEL: 'ERROR' });
  const base = stack.app;
  const token = await staffToken();
  const api = async (c: Call & { now: string }, status = 200) => {
    const res = await call(base, { token, ...c });
    expect(res.status, `${c.method} ${c.path} at ${c.now}: ${res.text.slice(0, 400)}`).toBe(status);
    return res.json;
  };

  // ---- the September meeting, its actions (matters arising in December) ----
  const september = await api({ method: 'POST', path: '/api/meetings', now: '2021-09-01T09:00:00Z', json: { start: '2021-09-14T14:00', place: 'Wellington House, Wakefield', livestreamUrl: 'https://www.youtube.com/@WestYorkshireCA' } }, 201);
  const actionTexts = [
    ['WYP to provide further information on the reporting portal for partners', 'WYP'],
    ['The commissioner’s office to share the Your Views survey results with district councils', 'OPCC'],
    ['WYP to provide an update on Op Snap submissions at a future meeting', 'ACC Operational Support'],
  ] as const;
  const septAgenda = (await api({ method: 'GET', path: `/api/meetings/${september.id}`, now: '2021-09-15T09:00:00Z' })).agenda as { id: string; standing?: string }[];
  const septItem = (standing: string) => septAgenda.find((i) => i.standing === standing)!.id;
  const septActions: { id: string; version: number }[] = [];
  // The first raised under an agenda item (issue 13: listed in the minutes), with a target date.
  for (const [i, [text, owner]] of actionTexts.entries()) {
    const underItem = i === 0 ? { agendaItemId: septItem('announcements'), targetDate: '2021-11-30' } : {};
    septActions.push(await api({ method: 'POST', path: `/api/meetings/${september.id}/actions`, now: '2021-09-15T09:00:00Z', json: { text, owner, ...underItem } }, 201));
  }
  // ---- September's attendance and minutes, published as a draft (approved at December's meeting) ----
  const attendee = (line: string) => {
    const [name, rest = ''] = line.split(' – ');
    const comma = rest.lastIndexOf(', ');
    return { name: name!, ...(rest ? { role: comma < 0 ? rest : rest.slice(0, comma) } : {}), ...(comma >= 0 ? { organisation: rest.slice(comma + 2) } : {}) };
  };
  const septMinutes = await api({
    method: 'PUT',
    path: `/api/meetings/${september.id}/minutes`,
    now: '2021-09-16T10:00:00Z',
    json: {
      attendance: {
        present: ['Alison Lowe OBE – Deputy Mayor for Policing and Crime, West Yorkshire Combined Authority (WYCA)', 'John Robins QPM – Chief Constable (CC), West Yorkshire Police (WYP)', 'Russ Foster – Deputy Chief Constable (DCC), West Yorkshire Police (WYP)'].map(attendee),
        alsoPresent: ['Julie Reid – Engagement Manager, Office of the Deputy Mayor', 'Tom Donohoe – Senior Policy Officer, Office of the Deputy Mayor', 'Osman Khan – Assistant Chief Constable, Operational Support, West Yorkshire Police (WYP)'].map(attendee),
        apologies: ['Damien Miller – Assistant Chief Constable, Crime, West Yorkshire Police (WYP)'].map(attendee),
      },
      sections: [
        { agendaItemId: septItem('welcome'), notes: 'The Deputy Mayor welcomed everyone to the meeting, held in public and livestreamed.\n\nApologies were noted as listed above.', recordingAt: '0:00:40' },
        { agendaItemId: septItem('previous-notes'), notes: 'The notes of the meeting on 15 June 2021 were agreed as a correct record.\n\nMatters arising:\n- Action 1: complete\n- Action 2: ongoing, an update at the next meeting' },
        { agendaItemId: septItem('announcements'), notes: 'The Chief Constable updated the meeting on the new reporting portal for partners, launched in August. Members asked how partners would find out about it.', recordingAt: '0:08:15' },
        { agendaItemId: septItem('public-questions'), notes: 'Twelve questions were received before the deadline. The answers are published with the meeting papers; to access the full report, click here.', recordingAt: '1:02:30' },
        { agendaItemId: septItem('any-other-business'), notes: 'None.' },
        { agendaItemId: septItem('next-meeting'), notes: 'Tuesday 7 December 2021 at 2pm, Wellington House, Wakefield.' },
      ],
      futureItems: [`Drugs and Alcohol Misuse (${randomUUID().slice(0, 4)})`, `Neighbourhood Crime (${randomUUID().slice(0, 4)})`],
      recordingUrl: 'https://www.youtube.com/watch?v=scrutiny-2021-09',
    },
  });
  await api({ method: 'POST', path: `/api/meetings/${september.id}/minutes/publish`, now: '2021-09-20T09:00:00Z', json: { version: septMinutes.version } });

  await api({ method: 'PATCH', path: `/api/meetings/${september.id}/actions/${septActions[1]!.id}`, now: '2021-10-01T09:00:00Z', json: { version: septActions[1]!.version, status: 'ongoing', note: 'Shared with Leeds and Bradford; the others to follow.' } });
  await api({ method: 'PATCH', path: `/api/meetings/${september.id}/actions/${septActions[2]!.id}`, now: '2021-10-01T09:00:00Z', json: { version: septActions[2]!.version, status: 'completed', note: 'Covered in the Road Safety paper.' } });

  // ---- December and March ----
  const december = await api({ method: 'POST', path: '/api/meetings', now: '2021-09-20T09:00:00Z', json: { start: '2021-12-07T14:00', place: 'Wellington House, Wakefield', livestreamUrl: 'https://www.youtube.com/@WestYorkshireCA' } }, 201);
  const march = await api({ method: 'POST', path: '/api/meetings', now: '2021-09-20T09:00:00Z', json: { start: '2022-03-08T14:00', place: 'Bradford City Hall' } }, 201);

  // Topics: one per paper, a verbal update, one from September's future agenda items still open.
  const tag = randomUUID().slice(0, 4);
  const topicOf = async (title: string, points: string[], source: unknown = { kind: 'staff' }) =>
    api({ method: 'POST', path: '/api/topics', now: '2021-09-20T09:00:00Z', json: { title: `${title} (${tag})`, points, source } }, 201);
  const topics: { id: string }[] = [];
  for (const t of TOPICS) topics.push(await topicOf(t.title, t.points, t.state === 'late' ? { kind: 'future-items', meetingId: september.id } : { kind: 'staff' }));
  const verbal = await topicOf('Chief Constable’s update on the winter policing plan', []);
  await topicOf('Exception report: theme to be agreed', [], { kind: 'future-items', meetingId: september.id });

  // ---- the eight requests (18 October), each emailing its author a link ----
  const requests = {} as Record<PaperState, RealisticRequest>;
  for (const [i, t] of TOPICS.entries()) {
    const author = { name: t.author, email: uniqueEmail(`author-${t.state}`) };
    const made = await api({
      method: 'POST',
      path: `/api/meetings/${december.id}/requests`,
      now: '2021-10-18T09:00:00Z',
      json: { topicId: topics[i]!.id, sponsor: { name: t.sponsor, email: uniqueEmail(`sponsor-${t.state}`) }, author, ...(t.state === 'due' ? { dueDate: '2021-12-03' } : {}) },
    }, 201);
    const link = await linkIn(author.email, AUTHOR_LINK);
    requests[t.state] = { state: t.state, id: made.id, title: made.title ?? t.title, link: link[0] };
  }
  // A verbal update on the agenda, without a paper.
  const view = await api({ method: 'GET', path: `/api/meetings/${december.id}`, now: '2021-10-18T09:00:00Z' });
  await api({ method: 'POST', path: `/api/meetings/${december.id}/agenda`, now: '2021-10-18T09:05:00Z', json: { version: view.meeting.version, topicId: verbal.id } }, 201);

  // ---- reminders: the hourly sweep, run at the moments it sends ----
  const { sweep } = await import('../../shared/app/reminders.js');
  const sweepAt = (at: string) => sweep(new Date(at), base);

  // ---- papers: uploaded and submitted by their authors, decided by the office ----
  const submitAt = async (r: RealisticRequest, at: string, file = PDF) => {
    const uploadId = await uploadAt(base, r.link, at, file);
    const res = await call(base, { method: 'POST', path: r.link, now: at, form: { upload: uploadId, points: ['0', '1'], summary: `The ${r.title} paper: progress since the last meeting, figures by district and what comes next.` } });
    expect(res.status, res.text.slice(0, 400)).toBe(200);
    r.versionId = uploadId;
  };
  const decide = (r: RealisticRequest, what: 'accept' | 'return' | 'withdraw', at: string, json?: unknown) =>
    api({ method: 'POST', path: `/api/meetings/${december.id}/requests/${r.id}/${what}`, now: at, ...(json ? { json } : {}) });

  await decide(requests.withdrawn, 'withdraw', '2021-11-01T09:00:00Z');
  await sweepAt('2021-11-08T08:00:00Z'); // "due in a week" to each author
  await submitAt(requests.published, '2021-11-09T11:00:00Z');
  await decide(requests.published, 'accept', '2021-11-10T09:00:00Z');
  await submitAt(requests['on-time'], '2021-11-10T15:30:00Z', DOCX);
  await submitAt(requests.returned, '2021-11-11T10:00:00Z');
  await sweepAt('2021-11-12T08:00:00Z'); // "due by the end of Monday"
  await decide(requests.returned, 'return', '2021-11-12T09:00:00Z', { comments: 'Please add the figures for missing children by district, and say what the Safeguarding Central Governance Unit will do next quarter.' });
  await submitAt(requests.accepted, '2021-11-12T16:45:00Z');
  await sweepAt('2021-11-16T08:00:00Z'); // overdue notices
  await submitAt(requests.late, '2021-11-17T09:15:00Z');
  await sweepAt('2021-11-23T08:00:00Z'); // the digest, 10 working days before

  // ---- 30 public questions through the form, 20 October to 28 November ----
  const questionRefs: { id: string; forget: string; text: string }[] = [];
  const askerEmails: string[] = [];
  const firstAt = Date.parse('2021-10-20T09:00:00Z');
  for (let i = 0; i < 30; i++) {
    const at = new Date(firstAt + Math.round(i * 1.3 * 24) * 3_600_000).toISOString();
    const form = await call(base, { method: 'GET', path: `/meetings/${december.id}/questions/new`, now: at });
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)?.[1];
    expect(key, form.text.slice(0, 300)).toBeDefined();
    const email = uniqueEmail(`asker${i}`);
    askerEmails.push(email);
    const text = `${QUESTION_TEXTS[i % QUESTION_TEXTS.length]}${i >= QUESTION_TEXTS.length ? ` (asked again, ${i})` : ''}`;
    const asked = await call(base, {
      method: 'POST',
      path: `/meetings/${december.id}/questions`,
      now: at,
      form: { idempotencyKey: key!, name: i % 7 === 0 ? 'Dr Rosalind Featherstonehaugh-Montgomery' : `Resident ${i + 1}`, email, district: DISTRICTS[i % 5]!, question: text, ...(i % 2 ? { publishName: 'yes' } : {}), website: '' },
    });
    expect(asked.status, asked.text.slice(0, 300)).toBe(200);
    const forget = await linkIn(email, FORGET_LINK);
    questionRefs.push({ id: forget[1]!, forget: forget[0], text });
  }

  // ---- the agenda pack (29 November), the accepted paper after it, reviews and answers ----
  await sweepAt('2021-11-29T08:00:00Z'); // the digest on publication day
  await api({ method: 'POST', path: `/api/meetings/${december.id}/publish`, now: '2021-11-29T09:00:00Z', json: { confirm: true } });
  await decide(requests.accepted, 'accept', '2021-11-30T09:00:00Z');
  const reminders = await api({ method: 'PUT', path: `/api/meetings/${december.id}/reminders`, now: '2021-11-30T09:00:00Z', json: { kind: 'digest-3-days', off: true } });
  expect(reminders).toBeDefined();

  const listQuestions = async () => (await api({ method: 'GET', path: `/api/meetings/${december.id}/questions`, now: '2021-11-30T10:00:00Z' })).questions as { id: string; version: number; status: string }[];
  const versionOf = async (id: string) => (await listQuestions()).find((q) => q.id === id)!.version;
  const review = async (id: string, body: Record<string, unknown>) =>
    api({ method: 'POST', path: `/api/meetings/${december.id}/questions/${id}/review`, now: '2021-11-30T10:00:00Z', json: { version: await versionOf(id), ...body } });
  const ids = questionRefs.map((q) => q.id);
  // One asker's mailbox bounces (SES's notification, as SNS delivers it to record-mail-event, in this
  // process like the stack's functions): the outcome of their review is not sent, and the staff home
  // lists it among the emails that did not go.
  const { handler: recordMailEvent } = await import('../../functions/record-mail-event.js');
  await recordMailEvent(snsEvent(bounceNotification([askerEmails[19]!])));
  const agenda = (await api({ method: 'GET', path: `/api/meetings/${december.id}`, now: '2021-11-30T10:00:00Z' })).agenda as { id: string; topicId?: string }[];
  const roadsItem = agenda.find((a) => a.topicId === topics[2]!.id)?.id;
  // 0–9 accepted (0–2 under Road Safety), 10–15 grouped with 0–2, 16–18 redirected, 19–24 rejected, 25–29 waiting.
  for (let i = 0; i < 10; i++) await review(ids[i]!, { outcome: 'accept', ...(i < 3 && roadsItem ? { agendaItemId: roadsItem } : {}) });
  for (let i = 10; i < 16; i++) await review(ids[i]!, { outcome: 'group', leadId: ids[i % 3]! });
  for (let i = 16; i < 19; i++) await review(ids[i]!, { outcome: 'redirect', note: 'An operational matter: passed to West Yorkshire Police’s customer contact team, who will reply directly.' });
  const reasons = ['not-a-question', 'named-individual', 'offensive', 'repeat', 'not-in-remit', 'other'];
  for (let i = 19; i < 25; i++) await review(ids[i]!, { outcome: 'reject', reason: reasons[i - 19], ...(reasons[i - 19] === 'other' ? { note: 'The question was sent twice; the first is kept.' } : {}) });
  // Written answers to six accepted questions (three of them leads of groups).
  for (const i of [0, 1, 2, 4, 6, 8]) {
    await api({
      method: 'POST',
      path: `/api/meetings/${december.id}/questions/${ids[i]}/answer`,
      now: '2021-11-30T15:00:00Z',
      json: { version: await versionOf(ids[i]!), mode: 'writing', text: 'Thank you for your question. West Yorkshire Police has told the commissioner that average speed cameras on the A62 are being assessed with Kirklees Council; a decision is expected in the spring, and the commissioner will ask for it at the next meeting.' },
    });
  }
  // One submitter deletes their name and email with the link from their acknowledgement.
  const forgotten = questionRefs[27]!;
  const confirmForget = await call(base, { method: 'POST', path: forgotten.forget, now: '2021-11-30T18:00:00Z', form: {} });
  expect(confirmForget.status, confirmForget.text.slice(0, 300)).toBeLessThan(400);

  // Actions recorded for December (matters arising for March).
  await api({ method: 'POST', path: `/api/meetings/${december.id}/actions`, now: '2021-11-30T11:00:00Z', json: { text: 'WYP to bring knife crime figures by district to the March meeting', owner: 'ACC Specialist Crime' } }, 201);

  // An upload the author of the due paper has made and not yet confirmed (the confirm step).
  const pendingUploadId = await uploadAt(base, requests.due.link, VIEW_AT, PDF);

  return {
    stack,
    base,
    meetingId: december.id,
    earlierMeetingId: september.id,
    nextMeetingId: march.id,
    requests,
    pendingUploadId,
    questionIds: ids,
    forgetLink: questionRefs[3]!.forget,
    engagementManager,
  };
}

/** Opens the author page at `base`, posts a file through its upload form to the S3 emulator, follows the redirect back to the check: the upload id. */
async function uploadAt(base: string, link: string, now: string, file: Buffer): Promise<string> {
  const authorPage = await call(base, { method: 'GET', path: link, now });
  expect(authorPage.status, authorPage.text.slice(0, 300)).toBe(200);
  const form = uploadFormOf(authorPage.text);
  const back = new URL(await postToS3(form, file, 'paper.pdf'));
  const checked = await call(base, { method: 'GET', path: back.pathname + back.search, now });
  expect(checked.status, checked.text.slice(0, 300)).toBe(200);
  return form.uploadId;
}
