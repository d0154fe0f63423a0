/**
 * Attendance and minutes (issue 13 §1, §2) over HTTP on DynamoDB Local: the attendance picked from
 * the people list and typed in; draft → published as a draft → approved at the next meeting with a
 * correction (a new revision, the earlier kept), each step refused (409) on a stale version with
 * nothing lost; future items made into topics once (a retry makes none); actions under an agenda
 * item; the public page and Word download 404 while a draft; the .docx opened with a real reader.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { api, endpoints, page, postForm, signIn, uniqueEmail, CLOCK } from '../../support/http.js';
import { meeting, unique, uniqueTuesday } from '../../support/fixtures.js';

interface Ctx {
  a: { id: string; start: string };
  b: { id: string };
  agenda: { id: string; title: string; standing?: string }[];
  cookie: string;
  date: string;
  after: string;
  onB: string;
}
const ctx = {} as Ctx;

const minutesOf = async (id: string, now = ctx.after) => {
  const res = await api('GET', `/api/meetings/${id}/minutes`, undefined, { now });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const save = (body: unknown, now = ctx.after) => api('PUT', `/api/meetings/${ctx.a.id}/minutes`, body, { now });
const itemOf = (standing: string) => ctx.agenda.find((i) => i.standing === standing)!.id;

async function download(path: string, cookie?: string) {
  const res = await fetch(endpoints().app + path, { headers: { ...(cookie ? { cookie } : {}), [CLOCK]: ctx.onB } });
  return { status: res.status, type: res.headers.get('content-type'), body: new Uint8Array(await res.arrayBuffer()) };
}
/** The text of a .docx: its document part, unzipped, tags dropped. */
const docxText = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!).replace(/<[^>]+>/g, ' ');

beforeAll(async () => {
  // Two meetings on one day (a day no other test file uses): the later one approves the earlier's minutes.
  ctx.date = uniqueTuesday();
  const made = `${Number(ctx.date.slice(0, 4)) - 1}-01-01T09:00:00Z`;
  const a = await meeting({ start: `${ctx.date}T10:00`, livestreamUrl: 'https://www.youtube.com/@WestYorkshireCA' }, made);
  const b = await meeting({ start: `${ctx.date}T18:00` }, made);
  ctx.a = a;
  ctx.b = b;
  ctx.after = `${ctx.date}T14:00:00Z`;
  ctx.onB = `${ctx.date}T20:00:00Z`;
  ctx.agenda = (await api('GET', `/api/meetings/${a.id}`, undefined, { now: ctx.after })).body.agenda;
  ctx.cookie = await signIn();
});

describe('attendance and minutes', () => {
  it('offers "Write the minutes" once the meeting is held', async () => {
    const before = await page(`/staff/meetings/${ctx.a.id}`, { cookie: ctx.cookie, now: `${ctx.date}T08:00:00Z` });
    expect(before.html).not.toContain('Write the minutes');
    const after = await page(`/staff/meetings/${ctx.a.id}`, { cookie: ctx.cookie, now: ctx.after });
    expect(after.html).toContain(`href="/staff/meetings/${ctx.a.id}/minutes">Write the minutes`);
  });

  it('saves the attendance from the people list and typed lines, and shows it', async () => {
    const name = unique('Alison Lowe');
    const person = (await api('POST', '/api/people', { name, role: 'Deputy Mayor for Policing and Crime', email: uniqueEmail('deputy') })).body;
    const form = await page(`/staff/meetings/${ctx.a.id}/minutes/attendance`, { cookie: ctx.cookie, now: ctx.after });
    expect(form.status).toBe(200);
    expect(form.html).toContain(name);
    const posted = await postForm(
      `/staff/meetings/${ctx.a.id}/minutes/attendance`,
      { [`person-${person.id}`]: 'present', [`organisation-${person.id}`]: 'West Yorkshire Combined Authority', 'others-present': '', 'others-alsoPresent': 'Tom Donohoe – Senior Policy Officer, OPCC', 'others-apologies': 'John Robins – Chief Constable (CC), West Yorkshire Police (WYP)' },
      { cookie: ctx.cookie, now: ctx.after },
    );
    expect(posted.status, posted.html.slice(0, 500)).toBe(303);
    const { minutes } = await minutesOf(ctx.a.id);
    expect(minutes.attendance.present).toEqual([{ name, role: 'Deputy Mayor for Policing and Crime', organisation: 'West Yorkshire Combined Authority', personId: person.id }]);
    expect(minutes.attendance.alsoPresent).toEqual([{ name: 'Tom Donohoe', role: 'Senior Policy Officer', organisation: 'OPCC' }]);
    expect(minutes.attendance.apologies).toEqual([{ name: 'John Robins', role: 'Chief Constable (CC)', organisation: 'West Yorkshire Police (WYP)' }]);
    expect(minutes.version).toBe(1);
    const shown = await page(`/staff/meetings/${ctx.a.id}/minutes/attendance`, { cookie: ctx.cookie, now: ctx.after });
    expect(shown.html).toContain('John Robins – Chief Constable (CC), West Yorkshire Police (WYP)');
  });

  it('refuses bad input with a message, never a 500', async () => {
    const bad = [
      { sections: [{ agendaItemId: itemOf('welcome'), notes: 'x', recordingAt: '1:2:3' }] },
      { sections: [{ agendaItemId: '01FC31ETHRZT6RFQAT6Z2M4JM0', notes: 'x' }] },
      { recordingUrl: 'http://example.org/recording' },
      { sections: 'notes' },
    ];
    for (const body of bad) {
      const res = await save({ version: 1, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error).toMatch(/\w/);
    }
    expect((await save({ version: 1, sections: [{ agendaItemId: itemOf('welcome'), notes: 'x', recordingAt: '1:2:3' }] })).body.error).toContain('1:02:30');
    expect((await save({ version: 1, sections: [{ agendaItemId: '01FC31ETHRZT6RFQAT6Z2M4JM0', notes: 'x' }] })).body.error).toContain("not on this meeting's agenda");
    // The page says so beside the field.
    const form = await postForm(`/staff/meetings/${ctx.a.id}/minutes`, { version: '1', [`notes-${itemOf('welcome')}`]: 'Welcome.', [`recordingAt-${itemOf('welcome')}`]: 'soon' }, { cookie: ctx.cookie, now: ctx.after });
    expect(form.status).toBe(400);
    expect(form.html).toContain(`href="#recordingAt-${itemOf('welcome')}"`);
    expect((await minutesOf(ctx.a.id)).minutes.version).toBe(1);
  });

  it('saves notes, recording times and future items; topics are made once, and a stale editor gets 409 losing nothing', async () => {
    const roads = unique('Road Safety');
    const hate = unique('Hate Crime');
    const body = {
      version: 1,
      sections: [
        { agendaItemId: itemOf('welcome'), notes: 'The Deputy Mayor welcomed everyone.\n\n- Apologies as listed\n- <b>No</b> declarations of interest', recordingAt: '0:01:10' },
        { agendaItemId: itemOf('public-questions'), notes: 'Questions were answered as published.', recordingAt: '1:02:30' },
      ],
      futureItems: [roads, hate],
      recordingUrl: 'https://www.youtube.com/watch?v=meeting',
    };
    const first = await save(body);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.version).toBe(2);
    expect(first.body.futureItems.map((f: { title: string }) => f.title)).toEqual([roads, hate]);
    const topics = async () => ((await api('GET', '/api/topics', undefined, { now: ctx.after })).body.topics as { id: string; title: string; source: unknown }[]).filter((t) => t.title === roads || t.title === hate);
    expect(await topics()).toHaveLength(2);
    expect((await topics())[0]!.source).toEqual({ kind: 'future-items', meetingId: ctx.a.id });

    // The same save again (a retry on the version read): refused, nothing written twice.
    const retry = await save(body);
    expect(retry.status).toBe(409);
    // Saved again on the new version with one more item: one new topic, the two kept.
    const more = unique('Drugs and Alcohol Misuse');
    const again = await save({ version: 2, futureItems: [roads, hate, more] });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((await topics())).toHaveLength(2);
    const all = (await api('GET', '/api/topics', undefined, { now: ctx.after })).body.topics as { title: string }[];
    expect(all.filter((t) => t.title === roads)).toHaveLength(1);
    expect(all.filter((t) => t.title === more)).toHaveLength(1);

    // Two editors read version 3; the first saves, the second is refused and the first's notes stay.
    const one = await save({ version: 3, sections: [{ agendaItemId: itemOf('any-other-business'), notes: 'None.' }] });
    expect(one.status).toBe(200);
    const two = await save({ version: 3, sections: [{ agendaItemId: itemOf('any-other-business'), notes: 'Overwritten?' }] });
    expect(two.status).toBe(409);
    expect(two.body.error).toMatch(/Reload/);
    const { minutes, recordingUrl } = await minutesOf(ctx.a.id);
    expect(minutes.sections.find((s: { agendaItemId: string }) => s.agendaItemId === itemOf('any-other-business')).notes).toBe('None.');
    expect(minutes.sections.find((s: { agendaItemId: string }) => s.agendaItemId === itemOf('public-questions')).recordingAt).toBe('1:02:30');
    expect(minutes.sections.map((s: { agendaItemId: string }) => s.agendaItemId)).toEqual(ctx.agenda.map((i) => i.id));
    expect(recordingUrl).toBe('https://www.youtube.com/watch?v=meeting');
    // The meeting item carries the state and the recording (the archive's one Query).
    const m = (await api('GET', `/api/meetings/${ctx.a.id}`, undefined, { now: ctx.after })).body.meeting;
    expect(m).toMatchObject({ minutesStatus: 'draft', recordingUrl: 'https://www.youtube.com/watch?v=meeting' });
  });

  it('records actions under an agenda item (checked to be on the agenda) and lists them in the minutes', async () => {
    const item = itemOf('public-questions');
    const made = await api('POST', `/api/meetings/${ctx.a.id}/actions`, { text: 'WYP to provide further information on the reporting portal for partners', owner: 'WYP', targetDate: `${ctx.date.slice(0, 4)}-12-31`, agendaItemId: item }, { now: ctx.after });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.agendaItemId).toBe(item);
    const unknown = await api('POST', `/api/meetings/${ctx.a.id}/actions`, { text: 'x', owner: 'y', agendaItemId: '01FC31ETHRZT6RFQAT6Z2M4JM0' }, { now: ctx.after });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('not on this meeting');
    const viaForm = await postForm(`/staff/meetings/${ctx.a.id}/actions`, { text: 'OPCC to share the survey results', owner: 'OPCC', agendaItemId: itemOf('welcome'), returnTo: `/staff/meetings/${ctx.a.id}/minutes#add-action` }, { cookie: ctx.cookie, now: ctx.after });
    expect(viaForm.status).toBe(303);
    expect(viaForm.location).toBe(`/staff/meetings/${ctx.a.id}/minutes#add-action`);
    const staff = await page(`/staff/meetings/${ctx.a.id}/minutes`, { cookie: ctx.cookie, now: ctx.after });
    expect(staff.status).toBe(200);
    expect(staff.html).toContain(`id="actions-${item}"`);
    expect(staff.html).toContain('WYP to provide further information on the reporting portal for partners – WYP, by');
    expect(staff.html).toContain('OPCC to share the survey results');
  });

  it('keeps draft minutes private: the public page and download are 404; staff download a real .docx', async () => {
    expect((await page(`/meetings/${ctx.a.id}/minutes`, { now: ctx.after })).status).toBe(404);
    expect((await download(`/meetings/${ctx.a.id}/minutes.docx`)).status).toBe(404);
    const doc = await download(`/staff/meetings/${ctx.a.id}/minutes.docx`, ctx.cookie);
    expect(doc.status).toBe(200);
    expect(doc.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const text = docxText(doc.body);
    expect(text).toContain('John Robins – Chief Constable (CC), West Yorkshire Police (WYP)');
    expect(text).toContain('The Deputy Mayor welcomed everyone.');
    expect(text).toContain('WYP to provide further information on the reporting portal for partners');
    expect(text).toContain('Draft: not published');
  });

  it('publishes as a draft (stale version: 409), then the public page shows it', async () => {
    const { minutes } = await minutesOf(ctx.a.id);
    const stale = await api('POST', `/api/meetings/${ctx.a.id}/minutes/publish`, { version: minutes.version - 1 }, { now: ctx.after });
    expect(stale.status).toBe(409);
    const published = await postForm(`/staff/meetings/${ctx.a.id}/minutes/publish`, { version: String(minutes.version) }, { cookie: ctx.cookie, now: ctx.after });
    expect(published.status, published.html.slice(0, 400)).toBe(303);
    const after = await minutesOf(ctx.a.id);
    expect(after.minutes).toMatchObject({ status: 'published-draft', revision: 1 });
    expect(after.revisions).toHaveLength(1);
    expect(after.approvingMeetingId).toBe(ctx.b.id);
    // Published minutes are not edited: corrections come at approval.
    expect((await save({ version: after.minutes.version, sections: [{ agendaItemId: itemOf('welcome'), notes: 'Changed' }] })).status).toBe(409);

    const pub = await page(`/meetings/${ctx.a.id}/minutes`, { now: ctx.after });
    expect(pub.status).toBe(200);
    expect(pub.html).toContain('Draft minutes, to be approved at the next meeting');
    expect(pub.html).toContain('John Robins – Chief Constable (CC), West Yorkshire Police (WYP)');
    expect(pub.html).toContain('&lt;b&gt;No&lt;/b&gt; declarations of interest');
    expect(pub.html).toContain('https://www.youtube.com/watch?v=meeting&amp;t=3750s');
    expect(pub.html).toContain('<strong>Action</strong> – WYP to provide further information');
    expect((await download(`/meetings/${ctx.a.id}/minutes.docx`)).status).toBe(200);
  });

  it('is approved at the next meeting, a correction making a new revision and keeping the earlier', async () => {
    const staffB = await page(`/staff/meetings/${ctx.b.id}`, { cookie: ctx.cookie, now: ctx.onB });
    expect(staffB.html).toContain(`href="/staff/meetings/${ctx.a.id}/minutes/approve">Approve the minutes of`);
    const form = await page(`/staff/meetings/${ctx.a.id}/minutes/approve`, { cookie: ctx.cookie, now: ctx.onB });
    expect(form.status).toBe(200);
    const { minutes } = await minutesOf(ctx.a.id, ctx.onB);
    const fields = Object.fromEntries(minutes.sections.map((s: { agendaItemId: string; notes: string }) => [`notes-${s.agendaItemId}`, s.notes]));
    const corrected = { ...fields, [`notes-${itemOf('any-other-business')}`]: 'None were raised.', version: String(minutes.version) };
    // A change without saying what was corrected: asked for it.
    const unsaid = await postForm(`/staff/meetings/${ctx.a.id}/minutes/approve`, { ...corrected, note: '' }, { cookie: ctx.cookie, now: ctx.onB });
    expect(unsaid.status).toBe(400);
    expect(unsaid.html).toContain('Say what was corrected');
    // Stale version: 409, nothing approved.
    expect((await api('POST', `/api/meetings/${ctx.a.id}/minutes/approve`, { version: minutes.version - 1 }, { now: ctx.onB })).status).toBe(409);
    const ok = await postForm(`/staff/meetings/${ctx.a.id}/minutes/approve`, { ...corrected, note: 'Item 6: none were raised' }, { cookie: ctx.cookie, now: ctx.onB });
    expect(ok.status, ok.html.slice(0, 500)).toBe(303);

    const after = await minutesOf(ctx.a.id, ctx.onB);
    expect(after.minutes).toMatchObject({ status: 'approved', approvedOn: ctx.date, approvedAtMeetingId: ctx.b.id, revision: 2 });
    expect(after.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    expect(after.revisions[1].reason).toMatch(/^Corrected and approved at the meeting of .*: Item 6: none were raised$/);
    const aob = (r: { sections: { agendaItemId: string; notes: string }[] }) => r.sections.find((s) => s.agendaItemId === itemOf('any-other-business'))!.notes;
    expect(aob(after.revisions[0])).toBe('None.');
    expect(aob(after.revisions[1])).toBe('None were raised.');
    expect((await api('GET', `/api/meetings/${ctx.a.id}`, undefined, { now: ctx.onB })).body.meeting.minutesStatus).toBe('approved');

    const pub = await page(`/meetings/${ctx.a.id}/minutes`, { now: ctx.onB });
    expect(pub.html).toContain('Approved as a correct record at the meeting of');
    expect(pub.html).toContain('None were raised.');
    const doc = docxText((await download(`/meetings/${ctx.a.id}/minutes.docx`)).body);
    expect(doc).toContain('Approved as a correct record at the meeting of');
    // Twice: refused, nothing changed.
    expect((await api('POST', `/api/meetings/${ctx.a.id}/minutes/approve`, { version: after.minutes.version }, { now: ctx.onB })).status).toBe(409);
  });
});
