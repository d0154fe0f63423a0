/**
 * Issue 12 §3 through its pages, over real HTTP without JavaScript (form posts and redirects):
 * agenda items without a paper, editing and closing a topic, people on the request form, and the
 * actions list with target dates, filters and overdue tags. Effects are checked in the API and the
 * SES emulator.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, mailTo, page, postForm, signIn, uniqueEmail } from '../../support/http.js';
import { daysBefore, meeting, topic, unique, uniqueTuesday } from '../../support/fixtures.js';
import { text } from '../../support/html.js';

let cookie: string;
beforeAll(async () => {
  cookie = await signIn();
});

const count = (html: string, needle: string) => html.split(needle).length - 1;

describe('agenda items without a paper', () => {
  it('adds a presentation and a verbal update on a topic; both show on the staff and public agenda, and the pack publishes with nothing missing', async () => {
    const date = uniqueTuesday();
    const now = daysBefore(date, 40);
    const m = await meeting({ start: `${date}T14:00` }, now);
    const t = await topic({ title: unique('Safeguarding') }, now);

    const form = await page(`/staff/meetings/${m.id}/agenda/new`, { cookie, now });
    expect(form.status).toBe(200);
    expect(text(form.html)).toContain('Add an item without a paper');
    expect(form.html).toContain(`value="${t.id}"`);
    const version = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

    // Nothing chosen: the errors a person can act on.
    const empty = await postForm(`/staff/meetings/${m.id}/agenda/new`, { version: version(form.html), format: '', topicId: '', title: '', presenter: '' }, { cookie, now });
    expect(empty.status).toBe(400);
    expect(text(empty.html)).toContain('Choose whether it is a verbal update or a presentation');
    expect(text(empty.html)).toContain('Enter a title, or choose a topic');

    const title = unique('Safer Roads partnership in figures');
    const free = await postForm(`/staff/meetings/${m.id}/agenda/new`, { version: version(form.html), format: 'presentation', topicId: '', title, presenter: 'West Yorkshire Safer Roads' }, { cookie, now });
    expect(free.status, free.html.slice(0, 400)).toBe(303);
    expect(free.location).toMatch(new RegExp(`^/staff/meetings/${m.id}#agenda-item-[0-9A-Z]{26}$`));

    // A stale version (the page as it was before the first add) is refused, nothing written.
    const stale = await postForm(`/staff/meetings/${m.id}/agenda/new`, { version: version(form.html), format: 'verbal update', topicId: t.id, title: '', presenter: '' }, { cookie, now });
    expect(stale.status).toBe(409);
    expect(text(stale.html)).toContain('Someone else changed this agenda');

    const form2 = await page(`/staff/meetings/${m.id}/agenda/new`, { cookie, now });
    const onTopic = await postForm(`/staff/meetings/${m.id}/agenda/new`, { version: version(form2.html), format: 'verbal update', topicId: t.id, title: '', presenter: 'ACC Hankinson' }, { cookie, now });
    expect(onTopic.status, onTopic.html.slice(0, 400)).toBe(303);

    // The topic is scheduled on the meeting with no paper requested; the items sit before public questions.
    const topics = (await api('GET', '/api/topics', undefined, { now })).body.topics as { id: string; status: string; meetingId?: string; requestId?: string }[];
    expect(topics.find((x) => x.id === t.id)).toMatchObject({ status: 'scheduled', meetingId: m.id });
    expect(topics.find((x) => x.id === t.id)).not.toHaveProperty('requestId');
    const view = (await api('GET', `/api/meetings/${m.id}`, undefined, { now })).body;
    const titles = (view.agenda as { title: string }[]).map((a) => a.title);
    expect(titles.indexOf(title)).toBe(titles.indexOf('Public questions') - 2);
    expect(view.agenda.find((a: { title: string }) => a.title === t.title)).toMatchObject({ kind: 'verbal', format: 'verbal update', presenter: 'ACC Hankinson', topicId: t.id });

    const staff = text((await page(`/staff/meetings/${m.id}`, { cookie, now })).html);
    expect(staff).toContain(`${title} Presentation: West Yorkshire Safer Roads`);
    expect(staff).toContain(`${t.title} Verbal update: ACC Hankinson`);
    expect(staff).toContain('Add an agenda item without a paper');

    // The same topic again: refused with a message.
    const again = await postForm(`/staff/meetings/${m.id}/agenda/new`, { version: String(view.meeting.version), format: 'verbal update', topicId: t.id, title: '', presenter: '' }, { cookie, now });
    expect(again.status).toBe(409);
    expect(text(again.html)).toContain(`"${t.title}" is already on this meeting's agenda`);

    // Publishing: no paper is missing, so no confirmation is needed.
    const on = `${view.meeting.deadlines.agendaPublication}T09:00:00.000Z`;
    const published = await api('POST', `/api/meetings/${m.id}/publish`, {}, { now: on });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.missing).toEqual([]);
    const publicPage = text((await page(`/meetings/${m.id}`, { now: on })).html);
    expect(publicPage).toContain(`${title} Presentation by West Yorkshire Safer Roads (no paper)`);
    expect(publicPage).toContain(`${t.title} Verbal update by ACC Hankinson (no paper)`);
    expect(publicPage).not.toContain('Paper to follow');
  });

  it('the API adds a free-standing item (201) and refuses both a topic and a title', async () => {
    const date = uniqueTuesday();
    const now = daysBefore(date, 40);
    const m = await meeting({ start: `${date}T14:00` }, now);
    const both = await api('POST', `/api/meetings/${m.id}/agenda/items`, { version: 1, format: 'presentation', title: 'X', topicId: m.id }, { now });
    expect(both.status).toBe(400);
    const ok = await api('POST', `/api/meetings/${m.id}/agenda/items`, { version: 1, format: 'presentation', title: 'Op Snap in numbers' }, { now });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.agenda.find((a: { title: string }) => a.title === 'Op Snap in numbers')).toMatchObject({ kind: 'verbal', format: 'presentation' });
    expect(ok.body.meeting.version).toBe(2);
  });
});

describe('editing, closing and reopening a topic', () => {
  it('saves the title and points, closes with a reason, reopens; a topic with a paper requested is not closed', async () => {
    const date = uniqueTuesday();
    const now = daysBefore(date, 40);
    const t = await topic({ title: unique('Road Safety') }, now);
    const edit = await page(`/staff/topics/${t.id}/edit`, { cookie, now });
    expect(edit.status).toBe(200);
    expect(text(edit.html)).toContain('Change the topic');

    const renamed = unique('Road Safety and Vision Zero');
    const saved = await postForm(`/staff/topics/${t.id}/edit`, { version: '1', action: 'save', title: renamed, points: 'Update on Vision Zero\r\n\r\nOp Snap figures' }, { cookie, now });
    expect(saved.status, saved.html.slice(0, 300)).toBe(303);
    expect(saved.location).toBe(`/staff/topics?changed=${t.id}#topic-${t.id}`);
    const listed = text((await page(`/staff/topics?changed=${t.id}`, { cookie, now })).html);
    expect(listed).toContain(`“${renamed}” is saved (open)`);

    const noReason = await postForm(`/staff/topics/${t.id}/edit`, { version: '2', action: 'close', reason: ' ' }, { cookie, now });
    expect(noReason.status).toBe(400);
    expect(text(noReason.html)).toContain('Enter why the topic is closed');
    const stale = await postForm(`/staff/topics/${t.id}/edit`, { version: '1', action: 'close', reason: 'Covered' }, { cookie, now });
    expect(stale.status).toBe(409);
    expect(text(stale.html)).toContain('Someone else changed this topic');

    const closed = await postForm(`/staff/topics/${t.id}/edit`, { version: '2', action: 'close', reason: 'Covered by the Safer Roads update' }, { cookie, now });
    expect(closed.status).toBe(303);
    let stored = (await api('GET', '/api/topics', undefined, { now })).body.topics.find((x: { id: string }) => x.id === t.id);
    expect(stored).toMatchObject({ title: renamed, points: ['Update on Vision Zero', 'Op Snap figures'], status: 'closed', closedReason: 'Covered by the Safer Roads update', version: 3 });
    expect(text((await page('/staff/topics', { cookie, now })).html)).toContain('Closed: Covered by the Safer Roads update');

    const reopened = await postForm(`/staff/topics/${t.id}/edit`, { version: '3', action: 'reopen' }, { cookie, now });
    expect(reopened.status).toBe(303);
    stored = (await api('GET', '/api/topics', undefined, { now })).body.topics.find((x: { id: string }) => x.id === t.id);
    expect(stored).toMatchObject({ status: 'open', version: 4 });
    expect(stored).not.toHaveProperty('closedReason');

    // With a paper requested the page says why it cannot be closed, and a forced post is refused.
    const m = await meeting({ start: `${date}T14:00` }, now);
    const req = await api('POST', `/api/meetings/${m.id}/requests`, { topicId: t.id, sponsor: { name: 'ACC', email: uniqueEmail('s') }, author: { name: 'Supt', email: uniqueEmail('a') } }, { now });
    expect(req.status).toBe(201);
    const blocked = await page(`/staff/topics/${t.id}/edit`, { cookie, now });
    expect(text(blocked.html)).toContain('Withdraw the request on the meeting page before closing the topic');
    const forced = await postForm(`/staff/topics/${t.id}/edit`, { version: '5', action: 'close', reason: 'x' }, { cookie, now });
    expect(forced.status).toBe(409);
    expect(text(forced.html)).toContain('has been requested and is not withdrawn');
  });
});

describe('people on the request form', () => {
  it('adds a person, picks them as sponsor, saves a new author typed in, and emails go to them', async () => {
    const date = uniqueTuesday();
    const now = daysBefore(date, 40);
    const sponsorEmail = uniqueEmail('acc');
    const name = unique('ACC Hankinson');
    const added = await postForm('/staff/people', { name, role: 'ACC, Operational Support', email: sponsorEmail.toUpperCase() }, { cookie, now });
    expect(added.status, added.html.slice(0, 300)).toBe(303);
    const id = /added=([0-9A-Z]{26})/.exec(added.location!)![1]!;
    const list = text((await page(`/staff/people?added=${id}`, { cookie, now })).html);
    expect(list).toContain(`${name} was added to the list`);
    expect(list).toContain(sponsorEmail);

    // The same address again (another case): refused with a message.
    const twice = await postForm('/staff/people', { name: 'Someone', role: '', email: ` ${sponsorEmail} ` }, { cookie, now });
    expect(twice.status).toBe(400);
    expect(text(twice.html)).toContain(`Someone on the people list already has the email address ${sponsorEmail}`);

    const m = await meeting({ start: `${date}T14:00` }, now);
    const t = await topic({}, now);
    const form = await page(`/staff/meetings/${m.id}/requests/new?topicId=${t.id}`, { cookie, now });
    expect(form.status).toBe(200);
    expect(form.html).toContain(`<option value="${id}">${name}, ACC, Operational Support (${sponsorEmail})</option>`);

    const authorEmail = uniqueEmail('supt');
    const [y, mo, d] = (await api('GET', `/api/meetings/${m.id}`, undefined, { now })).body.meeting.deadlines.papersDue.split('-');
    const sent = await postForm(
      `/staff/meetings/${m.id}/requests`,
      {
        topicId: t.id, points: '',
        'sponsor-person': id, 'sponsor-name': '', 'sponsor-role': '', 'sponsor-email': '',
        'author-person': '', 'author-name': 'Supt Matt Davison', 'author-role': 'Roads Policing', 'author-email': authorEmail,
        'dueDate-day': d, 'dueDate-month': mo, 'dueDate-year': y,
      },
      { cookie, now },
    );
    expect(sent.status, text(sent.html).slice(0, 600)).toBe(303);
    await mailTo(sponsorEmail, 1, /^You are sponsoring a paper/);
    await mailTo(authorEmail, 1, /^Paper requested/);

    const people = (await api('GET', '/api/people', undefined, { now })).body.people as { id: string; name: string; email: string; role?: string }[];
    const author = people.find((p) => p.email === authorEmail);
    expect(author).toMatchObject({ name: 'Supt Matt Davison', role: 'Roads Policing' });
    const tracking = (await api('GET', `/api/meetings/${m.id}/tracking`, undefined, { now })).body.requests[0];
    expect(tracking.sponsor).toEqual({ name, email: sponsorEmail, role: 'ACC, Operational Support', personId: id });
    expect(tracking.author).toMatchObject({ email: authorEmail, personId: author!.id });

    // Edited once: the new address; another person's address is refused.
    const edit = await page(`/staff/people/${id}/edit`, { cookie, now });
    expect(edit.status).toBe(200);
    const taken = await postForm(`/staff/people/${id}/edit`, { version: '1', name, role: 'ACC', email: authorEmail }, { cookie, now });
    expect(taken.status).toBe(400);
    expect(text(taken.html)).toContain('already has the email address');
    const moved = uniqueEmail('acc-new');
    const saved = await postForm(`/staff/people/${id}/edit`, { version: '1', name, role: 'ACC, Operational Support', email: moved }, { cookie, now });
    expect(saved.status).toBe(303);
    expect((await api('GET', '/api/people', undefined, { now })).body.people.find((p: { id: string }) => p.id === id)).toMatchObject({ email: moved, version: 2 });
    // The old address is free again; the request keeps its snapshot.
    expect((await api('POST', '/api/people', { name: 'Another', email: sponsorEmail }, { now })).status).toBe(201);
    expect((await api('GET', `/api/meetings/${m.id}/tracking`, undefined, { now })).body.requests[0].sponsor.email).toBe(sponsorEmail);
  });
});

describe('actions with target dates', () => {
  it('lists each action once, filters by status and meeting without JavaScript, and tags the overdue ones', async () => {
    const date = uniqueTuesday();
    const first = await meeting({ start: `${date}T14:00` }, daysBefore(date, 60));
    const second = await meeting({ start: `${new Date(Date.parse(date) + 7 * 86_400_000).toISOString().slice(0, 10)}T14:00` }, daysBefore(date, 60));
    const now = daysBefore(date, -10); // ten days after the first meeting
    const target = (days: number) => new Date(Date.parse(now) + days * 86_400_000).toISOString().slice(0, 10);

    const [y, mo, d] = target(-3).split('-');
    const recorded = await postForm(`/staff/meetings/${first.id}/actions`, { text: 'WYP to share Op Snap figures', owner: 'WYP', 'targetDate-day': d!, 'targetDate-month': mo!, 'targetDate-year': y!, returnTo: `/staff/meetings/${first.id}` }, { cookie, now });
    expect(recorded.status).toBe(303);
    const badDate = await postForm(`/staff/meetings/${first.id}/actions`, { text: 'x', owner: 'y', 'targetDate-day': '31', 'targetDate-month': '2', 'targetDate-year': y!, returnTo: `/staff/meetings/${first.id}` }, { cookie, now });
    expect(badDate.status).toBe(400);
    expect(text(badDate.html)).toContain('Target date must be a real date');
    const later = await api('POST', `/api/meetings/${first.id}/actions`, { text: 'OPCC to publish the partnership plan', owner: 'OPCC', targetDate: target(20) }, { now });
    const done = await api('POST', `/api/meetings/${first.id}/actions`, { text: 'Chief Constable to write to the council', owner: 'WYP', targetDate: target(-5) }, { now });
    const elsewhere = await api('POST', `/api/meetings/${second.id}/actions`, { text: 'Road safety figures by district', owner: 'WYP', targetDate: target(-1) }, { now });
    await api('PATCH', `/api/meetings/${first.id}/actions/${done.body.id}`, { version: 1, status: 'completed' }, { now });
    const overdueId = (await api('GET', `/api/meetings/${first.id}`, undefined, { now })).body.actions.find((a: { text: string }) => a.text === 'WYP to share Op Snap figures').id;

    const mine = await page(`/staff/actions?status=outstanding&meeting=${first.id}`, { cookie, now });
    expect(mine.status).toBe(200);
    for (const a of [overdueId, later.body.id]) expect(count(mine.html, `id="action-${a}"`)).toBe(1);
    expect(mine.html).not.toContain(`id="action-${done.body.id}"`);
    expect(mine.html).not.toContain(`id="action-${elsewhere.body.id}"`);
    expect(text(mine.html)).toContain('2 open or ongoing actions raised at the meeting on');
    expect(text(mine.html)).toContain('Overdue 1 is past its target date.');
    const card = (html: string, id: string) => html.slice(html.indexOf(`id="action-${id}"`), html.indexOf('</dl>', html.indexOf(`id="action-${id}"`)));
    expect(card(mine.html, overdueId)).toContain('govuk-tag--red');
    expect(card(mine.html, later.body.id)).not.toContain('govuk-tag--red');

    const completed = await page(`/staff/actions?status=completed&meeting=${first.id}`, { cookie, now });
    expect(count(completed.html, 'class="govuk-summary-card"')).toBe(1);
    expect(completed.html).toContain(`id="action-${done.body.id}"`);
    expect(completed.html).not.toContain('govuk-tag--red');

    const all = await page('/staff/actions?status=all', { cookie, now });
    for (const a of [overdueId, later.body.id, done.body.id, elsewhere.body.id]) expect(count(all.html, `id="action-${a}"`)).toBe(1);
    // The default (open or ongoing, every meeting): each once, the matters arising linked, not listed again.
    const outstanding = await page('/staff/actions', { cookie, now });
    for (const a of [overdueId, later.body.id, elsewhere.body.id]) expect(count(outstanding.html, `id="action-${a}"`)).toBe(1);
    expect(outstanding.html).not.toContain(`id="action-${done.body.id}"`);

    const bad = await page('/staff/actions?status=late', { cookie, now });
    expect(bad.status).toBe(400);
    expect(text(bad.html)).toContain('Status must be one of');

    // The update form changes the target date (blank clears it); the tag goes.
    const cleared = await postForm(`/staff/meetings/${first.id}/actions/${overdueId}`, { version: '1', status: 'ongoing', note: '', 'targetDate-day': '', 'targetDate-month': '', 'targetDate-year': '', returnTo: `/staff/actions?status=outstanding&meeting=${first.id}` }, { cookie, now });
    expect(cleared.status).toBe(303);
    const after = await page(`/staff/actions?status=outstanding&meeting=${first.id}`, { cookie, now });
    expect(card(after.html, overdueId)).not.toContain('govuk-tag--red');
    expect(card(after.html, overdueId)).toContain('None set');
  });
});
