/**
 * The staff and public pages through real HTTP against the local stack: the forms a browser posts
 * (without JavaScript), the redirects, what the pages then show, and the emails that went out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, emails, endpoints, mailTo, page, postForm, signIn, uniqueEmail } from '../support/http.js';
import { daysBefore, standingAgenda, unique, uniqueTuesday } from '../support/fixtures.js';
import { text } from '../support/html.js';
import { formatLondonDate } from '../../shared/domain/time.js';
import { shortDate } from '../../shared/domain/overview.js';

let cookie: string;
beforeAll(async () => {
  cookie = await signIn();
});

/** The part of the page between two markers. */
function between(html: string, from: string, to: string) {
  const start = html.indexOf(from);
  expect(start, `"${from}" is on the page`).toBeGreaterThanOrEqual(0);
  const end = html.indexOf(to, start + from.length);
  return html.slice(start, end < 0 ? undefined : end);
}

function meetingFields(date: string, fields: Record<string, string> = {}) {
  const [year, month, day] = date.split('-');
  return {
    title: unique('Community Outcomes Meeting'),
    'date-day': String(Number(day)),
    'date-month': String(Number(month)),
    'date-year': year!,
    time: '14:00',
    place: 'Wellington House, Wakefield',
    livestreamUrl: '',
    ...fields,
  };
}

/** Schedules a meeting with the form and returns its id (from the redirect to its page). */
async function scheduleMeeting(date: string, now: string, fields: Record<string, string> = {}) {
  const res = await postForm('/staff/meetings', meetingFields(date, fields), { cookie, now });
  expect(res.status, res.html).toBe(303);
  const id = /^\/staff\/meetings\/([0-9A-Z]{26})$/.exec(res.location ?? '')?.[1];
  expect(id, res.location ?? '').toBeDefined();
  return id!;
}

async function addTopic(title: string, points: string, now: string, source: Record<string, string> = { source: 'staff' }) {
  const res = await postForm('/staff/topics', { title, points, ...source }, { cookie, now });
  expect(res.status, res.html).toBe(303);
  const id = /^\/staff\/topics\?added=([0-9A-Z]{26})$/.exec(res.location ?? '')?.[1];
  expect(id, res.location ?? '').toBeDefined();
  return id!;
}

/** The agenda item titles in the order the meeting page shows them (read-only), with their ids. */
function agendaOf(html: string) {
  const list = between(html, 'id="agenda-list"', '</ol>');
  return [...list.matchAll(/<li id="agenda-item-([0-9A-Z]{26})">([^<]+)/g)].map((m) => ({ id: m[1]!, title: m[2]!.trim() }));
}

/** The same from the agenda order page (a table with the move buttons). */
function agendaOrderOf(html: string) {
  const table = between(html, 'id="agenda"', '</table>');
  return [...table.matchAll(/id="agenda-item-([0-9A-Z]{26})">[\s\S]*?<th scope="row" class="govuk-table__header">([^<]+)/g)].map((m) => ({
    id: m[1]!,
    title: m[2]!.trim(),
  }));
}

describe('staff sign-in', () => {
  it('shows the sign-in form with the local users', async () => {
    const res = await page('/sign-in?next=%2Fstaff%2Ftopics');
    expect(res.status).toBe(200);
    expect(res.html).toContain('<title>Sign in – Community Outcomes Meeting</title>');
    expect(res.html).toMatch(/<label class="govuk-label govuk-label--s" for="email">\s*Email address/);
    expect(res.html).toMatch(/<label class="govuk-label govuk-label--s" for="password">\s*Password/);
    expect(res.html).toContain('<input type="hidden" name="next" value="/staff/topics">');
    expect(text(res.html)).toContain('engagement.manager@example.org');
    expect(text(res.html)).toContain('scrutiny-local');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-/);
  });

  it('signs in with the form: a session cookie and on to the page asked for', async () => {
    const res = await postForm('/sign-in', { email: 'engagement.manager@example.org', password: 'scrutiny-local', next: '/staff/topics' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/staff/topics');
    const set = res.headers.getSetCookie().find((c) => c.startsWith('session='))!;
    expect(set).toMatch(/^session=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Lax');
    expect(set).toContain('Path=/');
    expect(set).toContain('Max-Age=28800');

    const topics = await page('/staff/topics', { cookie: set.split(';')[0] });
    expect(topics.status).toBe(200);
    expect(text(topics.html)).toContain('Signed in as Engagement Manager');
  });

  it('goes to the staff home, not to another site, after signing in', async () => {
    for (const next of ['//evil.example/', '/\\evil.example', 'https://evil.example/', '']) {
      const res = await postForm('/sign-in', { email: 'engagement.manager@example.org', password: 'scrutiny-local', next });
      expect(res.status).toBe(303);
      expect(res.location, next).toBe('/staff');
    }
  });

  it('refuses a wrong password with an error summary, keeping the email address', async () => {
    const res = await postForm('/sign-in', { email: 'engagement.manager@example.org', password: 'wrong', next: '/staff/actions' });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(false);
    expect(res.html).toContain('<title>Error: Sign in – Community Outcomes Meeting</title>');
    expect(between(res.html, 'govuk-error-summary__list', '</ul>')).toContain('<a href="#email">The email address or password is not right</a>');
    expect(res.html).toContain('value="engagement.manager@example.org"');
    expect(res.html).toContain('<input type="hidden" name="next" value="/staff/actions">');
  });

  it('asks for both fields', async () => {
    const res = await postForm('/sign-in', { email: '', password: '' });
    expect(res.status).toBe(400);
    const summary = between(res.html, 'govuk-error-summary__list', '</ul>');
    expect(summary).toContain('<a href="#email">Enter your email address</a>');
    expect(summary).toContain('<a href="#password">Enter your password</a>');
  });

  it('sends a visitor without a session to sign in, remembering the page', async () => {
    const res = await page('/staff/topics?x=1');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/sign-in?next=%2Fstaff%2Ftopics%3Fx%3D1');
    const forged = await page('/staff/meetings', { cookie: 'session=not.a.token' });
    expect(forged.status).toBe(303);
    expect(forged.location).toBe('/sign-in?next=%2Fstaff%2Fmeetings');
  });

  it('answers 403 to someone signed in who is not in the staff group', async () => {
    const observer = await signIn('observer@example.org');
    const res = await page('/staff/meetings', { cookie: observer });
    expect(res.status).toBe(403);
    expect(text(res.html)).toContain('not in the staff group');
    expect(text(res.html)).toContain('Ask the engagement manager to add you to the staff group');
  });

  it('signs out: the cookie is cleared and the public home page follows', async () => {
    const res = await postForm('/sign-out', {}, { cookie });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/');
    const set = res.headers.getSetCookie().find((c) => c.startsWith('session='))!;
    expect(set).toMatch(/^session=;/);
    expect(set).toContain('Max-Age=0');
  });
});

describe('meetings', () => {
  it('schedules a meeting with the form; its page shows the date, place and the three deadlines', async () => {
    const now = '2021-11-01T09:00:00Z';
    const title = unique('Community Outcomes Meeting');
    const id = await scheduleMeeting('2021-12-07', now, { title, livestreamUrl: 'https://www.youtube.com/watch?v=com' });

    const res = await page(`/staff/meetings/${id}`, { cookie, now });
    expect(res.status).toBe(200);
    // The staff page's title is not the public page's.
    expect(res.html).toContain(`<title>Manage: ${title}, Tuesday 7 December 2021 – Community Outcomes Meeting</title>`);
    expect((await page(`/meetings/${id}`, { now })).html).toContain(`<title>${title}, Tuesday 7 December 2021 – Community Outcomes Meeting</title>`);
    // It leads with the summary line, then the links to manage the meeting.
    expect(text(between(res.html, 'id="summary"', '</p>'))).toContain('0 of 0 papers in · 0 overdue · 0 questions to review · agenda publication Monday 29 November 2021, in 28 days');
    expect(res.html.indexOf('id="summary"')).toBeLessThan(res.html.indexOf('id="manage"'));
    expect(res.html.indexOf('id="manage"')).toBeLessThan(res.html.indexOf('id="tracking"'));
    const details = text(between(res.html, '<h1', 'id="deadlines"'));
    expect(details).toContain('Date Tuesday 7 December 2021');
    expect(details).toContain('Time 2pm (London time)');
    expect(details).toContain('Place Wellington House, Wakefield');
    expect(details).toContain('Livestream https://www.youtube.com/watch?v=com');
    expect(details).toContain('Status Planned');
    const deadlines = text(between(res.html, 'id="deadlines"', 'id="agenda"'));
    expect(deadlines).toContain('Papers due Monday 15 November 2021');
    expect(deadlines).toContain('Agenda publication Monday 29 November 2021');
    expect(deadlines).toContain('Question deadline Tuesday 30 November 2021');
    expect(agendaOf(res.html).map((a) => a.title)).toEqual(standingAgenda);

    // The list links to it, as an upcoming meeting with its status.
    const list = await page('/staff/meetings', { cookie, now });
    const upcoming = between(list.html, 'Upcoming meetings</caption>', '</table>');
    expect(upcoming).toContain(`<a class="govuk-link" href="/staff/meetings/${id}">Tuesday 7 December 2021</a>`);
    expect(text(upcoming)).toContain(`2pm ${title} Wellington House, Wakefield Planned`);
  });

  it('shows a past meeting under "Past meetings"', async () => {
    const date = uniqueTuesday();
    const title = unique('Past meeting');
    const id = await scheduleMeeting(date, daysBefore(date), { title });
    const list = await page('/staff/meetings', { cookie, now: daysBefore(date, -2) });
    expect(between(list.html, 'Past meetings, most recent first', '</table>')).toContain(`href="/staff/meetings/${id}"`);
    expect(between(list.html, 'Upcoming meetings', 'Past meetings')).not.toContain(title);
  });

  it('re-shows a wrong schedule form with the errors and what was typed, and creates nothing', async () => {
    const title = unique('Never created');
    const res = await postForm(
      '/staff/meetings',
      meetingFields('2022-02-28', { title, 'date-day': '31', 'date-month': '02', 'date-year': '2022', time: '2pm', place: '  ' }),
      { cookie, now: '2021-11-01T09:00:00Z' },
    );
    expect(res.status).toBe(400);
    expect(res.html).toContain('<title>Error: Meetings – Community Outcomes Meeting</title>');
    const summary = between(res.html, 'govuk-error-summary__list', '</ul>');
    expect(summary).toContain('<a href="#date-day">Date must be a real date</a>');
    expect(summary).toContain('<a href="#place">Enter the place</a>');
    expect(summary.indexOf('#date-day')).toBeLessThan(summary.indexOf('#place'));
    // Inline messages, and the boxes keep what was typed.
    expect(res.html).toMatch(/<p id="date-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> Date must be a real date/);
    expect(res.html).toMatch(/<p id="place-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> Enter the place/);
    expect(res.html).toContain(`value="${title}"`);
    expect(res.html).toMatch(/id="date-day" name="date-day" type="text" value="31"/);
    expect(res.html).toMatch(/id="time" name="time" type="text" value="2pm"/);

    const list = await page('/staff/meetings', { cookie });
    expect(list.html).not.toContain(title);
  });

  it('names a missing part of the date and a wrong livestream link', async () => {
    const res = await postForm('/staff/meetings', meetingFields('2022-02-28', { 'date-month': '', time: '25:00', livestreamUrl: 'javascript:alert(1)' }), { cookie });
    expect(res.status).toBe(400);
    const summary = text(between(res.html, 'govuk-error-summary__list', '</ul>'));
    expect(summary).toContain('Date must include a month');
    expect(summary).toContain('Enter the start time in the 24-hour clock, like 14:00');
    expect(summary).toContain('Enter the livestream link as a full web address starting with https://');
    expect(res.html).toContain('<a href="#date-month">');
  });
});

describe('the agenda', () => {
  it('moves an item down and back up with the buttons on its own page; the meeting page shows the order', async () => {
    const date = uniqueTuesday();
    const now = daysBefore(date, 60);
    const id = await scheduleMeeting(date, now);
    const meetingHtml = (await page(`/staff/meetings/${id}`, { cookie, now })).html;
    const before = agendaOf(meetingHtml);
    expect(before[0]!.title).toBe('Welcome, introductions and apologies');
    // The meeting page shows the agenda read-only, with a link to change the order.
    expect(between(meetingHtml, 'id="agenda"', 'id="publication"')).not.toContain('/move"');
    expect(meetingHtml).toContain(`href="/staff/meetings/${id}/agenda">Change the order`);

    const orderPath = `/staff/meetings/${id}/agenda`;
    const html = (await page(orderPath, { cookie, now })).html;
    expect(agendaOrderOf(html)).toEqual(before);
    // The first item cannot move up, the last cannot move down; the buttons name their item for screen readers.
    const first = between(html, `id="agenda-item-${before[0]!.id}"`, '</tr>');
    expect(first).not.toContain('value="up"');
    expect(first).toContain('Move down<span class="govuk-visually-hidden">: Welcome, introductions and apologies</span>');
    expect(between(html, `id="agenda-item-${before.at(-1)!.id}"`, '</tr>')).not.toContain('value="down"');

    // Each move form carries the agenda's version as the page showed it.
    const agendaVersion = async () => /name="version" value="(\d+)"/.exec(between((await page(orderPath, { cookie, now })).html, 'id="agenda"', '</table>'))![1]!;
    const moved = await postForm(`/staff/meetings/${id}/agenda/${before[0]!.id}/move`, { direction: 'down', version: await agendaVersion() }, { cookie, now });
    expect(moved.status).toBe(303);
    expect(moved.location).toBe(`${orderPath}#agenda-item-${before[0]!.id}`);
    const after = agendaOf((await page(`/staff/meetings/${id}`, { cookie, now })).html).map((a) => a.title);
    expect(after.slice(0, 3)).toEqual([
      'Notes of the previous meeting and matters arising',
      'Welcome, introductions and apologies',
      'Announcements from the commissioner and the Chief Constable',
    ]);
    expect(agendaOrderOf((await page(orderPath, { cookie, now })).html).map((a) => a.title)).toEqual(after);

    await postForm(`/staff/meetings/${id}/agenda/${before[0]!.id}/move`, { direction: 'up', version: await agendaVersion() }, { cookie, now });
    const back = agendaOf((await page(`/staff/meetings/${id}`, { cookie, now })).html).map((a) => a.title);
    expect(back).toEqual(before.map((a) => a.title));

    const bad = await postForm(`/staff/meetings/${id}/agenda/${before[0]!.id}/move`, { direction: 'sideways', version: await agendaVersion() }, { cookie, now });
    expect(bad.status).toBe(400);
  });
});

describe('topics and report requests', () => {
  it('adds a topic from a meeting’s future agenda items, points one per line', async () => {
    const date = uniqueTuesday();
    const now = daysBefore(date, 60);
    const meetingId = await scheduleMeeting(date, now);
    const title = unique('Road Safety');
    const topicId = await addTopic(title, 'Update on Vision Zero\r\n\r\n  Update on Op Snap  \r\n', now, { source: 'future-items', meetingId });

    const res = await page(`/staff/topics?added=${topicId}`, { cookie, now });
    expect(res.status).toBe(200);
    expect(text(between(res.html, 'govuk-notification-banner', '</div>\n</div>'))).toContain(`“${title}” was added to the future agenda topics`);
    const row = between(res.html, `id="topic-${topicId}"`, '</tr>');
    expect(row).toContain(`>${title}</th>`);
    expect(row).toContain('<li>Update on Vision Zero</li><li>Update on Op Snap</li>');
    expect(row).toContain(`<a class="govuk-link" href="/staff/meetings/${meetingId}">Future agenda items of ${formatLondonDate(date)}</a>`);
    expect(text(row)).toContain('Open');
    expect(row).toContain(`/requests/new?topicId=${topicId}`);
  });

  it('re-shows the topic form with its errors', async () => {
    const res = await postForm('/staff/topics', { title: '', points: 'A point', source: 'future-items', meetingId: '' }, { cookie });
    expect(res.status).toBe(400);
    expect(res.html).toContain('<title>Error: Future agenda topics – Community Outcomes Meeting</title>');
    const summary = between(res.html, 'govuk-error-summary__list', '</ul>');
    expect(summary).toContain('<a href="#title">Enter a title</a>');
    expect(summary).toContain('<a href="#meetingId">Select the meeting whose future agenda items included this topic</a>');
    expect(res.html).toContain('>A point</textarea>');
  });

  it('requests a paper with the form: both people are emailed and the tracking table shows it', async () => {
    const date = uniqueTuesday();
    const now = daysBefore(date, 40);
    const meetingId = await scheduleMeeting(date, now);
    const title = unique('Serious Violent Crime');
    const topicId = await addTopic(title, 'Update on the Violence Reduction Unit\nKnife crime trends', now);

    const form = await page(`/staff/meetings/${meetingId}/requests/new?topicId=${topicId}`, { cookie, now });
    expect(form.status).toBe(200);
    expect(form.html).toContain(`<option value="${topicId}" selected>${title}</option>`);
    expect(form.html).toContain('>Update on the Violence Reduction Unit\nKnife crime trends</textarea>');
    const meetingPageHtml = (await page(`/staff/meetings/${meetingId}`, { cookie, now })).html;
    const papersDue = text(between(meetingPageHtml, 'Papers due', '</dd>')).replace('Papers due', '').trim();
    expect(text(form.html)).toContain(`Papers for this meeting are due by ${papersDue}`);
    const [dd, mm, yyyy] = [/id="dueDate-day"[^>]*value="(\d+)"/, /id="dueDate-month"[^>]*value="(\d+)"/, /id="dueDate-year"[^>]*value="(\d+)"/].map(
      (re) => re.exec(form.html)?.[1],
    );
    expect(yyyy).toMatch(/^\d{4}$/);

    const author = uniqueEmail('author');
    const sponsor = uniqueEmail('sponsor');
    const res = await postForm(
      `/staff/meetings/${meetingId}/requests`,
      {
        topicId,
        points: 'Update on the Violence Reduction Unit\nKnife crime trends',
        'sponsor-name': 'ACC Hankinson',
        'sponsor-email': sponsor,
        'author-name': 'Supt Matt Davison',
        'author-email': author,
        'dueDate-day': dd!,
        'dueDate-month': mm!,
        'dueDate-year': yyyy!,
      },
      { cookie, now },
    );
    expect(res.status, res.html).toBe(303);
    const requestId = new RegExp(`^/staff/meetings/${meetingId}\\?sent=([0-9A-Z]{26})$`).exec(res.location ?? '')?.[1];
    expect(requestId, res.location ?? '').toBeDefined();

    expect((await mailTo(author)).map((e) => e.subject)).toHaveLength(1);
    expect((await mailTo(sponsor)).map((e) => e.subject)).toHaveLength(1);
    expect((await emails(author))[0]!.body.text).toContain('Knife crime trends');

    const after = await page(res.location!, { cookie, now });
    expect(text(between(after.html, 'govuk-notification-banner', '</main>'))).toContain('Paper requested from Supt Matt Davison and ACC Hankinson');
    const tracking = text(between(after.html, 'id="tracking"', '</table>'));
    // Short dates and fewer columns in the table; the sponsor and the emails are on the request page.
    expect(tracking).toContain(`${title} Supt Matt Davison ${shortDate(`${yyyy}-${mm!.padStart(2, '0')}-${dd!.padStart(2, '0')}`)} Requested Due`);
    expect(tracking).toMatch(/\d+ days left/);
    expect(tracking).toContain('Total: 1 paper 0 in on time, 0 in late, 0 overdue, 1 not yet due');
    const requestPage = text((await page(`/staff/meetings/${meetingId}/requests/${requestId}`, { cookie, now })).html);
    expect(requestPage).toContain(`COT sponsor ACC Hankinson (${sponsor})`);
    // Each email's state, from its record in the outbox (marked just after the emulator has it).
    const states = async () => text((await page(`/staff/meetings/${meetingId}/requests/${requestId}`, { cookie, now })).html);
    await expect.poll(states).toMatch(/Email to the author Sent \w+day \d.*Email to the sponsor Sent \w+day \d/);
    expect(requestPage).toContain(`Report author Supt Matt Davison (${author})`);
    // The topic is on the agenda now, before public questions.
    const agenda = agendaOf(after.html).map((a) => a.title);
    expect(agenda.indexOf(title)).toBe(agenda.indexOf('Public questions') - 1);

    // A second request on the same topic is refused on the form.
    const again = await postForm(
      `/staff/meetings/${meetingId}/requests`,
      { topicId, points: '', 'sponsor-name': 'A', 'sponsor-email': uniqueEmail('s'), 'author-name': 'B', 'author-email': uniqueEmail('a'), 'dueDate-day': dd!, 'dueDate-month': mm!, 'dueDate-year': yyyy! },
      { cookie, now },
    );
    expect(again.status).toBe(409);
    expect(text(again.html)).toContain('has already been requested for this meeting');
  });

  it('re-shows a wrong request form with the errors and what was typed, and sends nothing', async () => {
    const date = uniqueTuesday();
    const now = daysBefore(date, 40);
    const meetingId = await scheduleMeeting(date, now);
    const topicId = await addTopic(unique('Safeguarding'), 'Update', now);
    const author = uniqueEmail('author');
    const res = await postForm(
      `/staff/meetings/${meetingId}/requests`,
      {
        topicId,
        points: 'Exploitation\n\nMissing children',
        'sponsor-name': '',
        'sponsor-email': 'not-an-email',
        'author-name': 'Supt Davison',
        'author-email': author,
        'dueDate-day': '7',
        'dueDate-month': '',
        'dueDate-year': date.slice(0, 4),
      },
      { cookie, now },
    );
    expect(res.status).toBe(400);
    expect(res.html).toMatch(/<title>Error: Request a paper for /);
    const summary = between(res.html, 'govuk-error-summary__list', '</ul>');
    expect(summary).toContain('<a href="#sponsor-name">Enter the sponsor&#39;s name</a>');
    expect(summary).toContain('<a href="#sponsor-email">Enter the sponsor&#39;s email address in the correct format, like name@example.org</a>');
    expect(summary).toContain('<a href="#dueDate-month">Due date must include a month</a>');
    expect(res.html).toContain('>Exploitation\n\nMissing children</textarea>');
    expect(res.html).toContain(`value="${author}"`);
    expect(await emails(author)).toHaveLength(0);

    // A due date on or after the meeting is refused by the domain, on the same form.
    const late = await postForm(
      `/staff/meetings/${meetingId}/requests`,
      { topicId, points: '', 'sponsor-name': 'ACC', 'sponsor-email': uniqueEmail('s'), 'author-name': 'Supt', 'author-email': author, 'dueDate-day': date.slice(8), 'dueDate-month': date.slice(5, 7), 'dueDate-year': date.slice(0, 4) },
      { cookie, now },
    );
    expect(late.status).toBe(400);
    expect(text(between(late.html, 'govuk-error-summary__list', '</ul>'))).toContain('The due date must be before the meeting on');
    expect(await emails(author)).toHaveLength(0);
  });
});

describe('actions and matters arising', () => {
  it('records an action at one meeting; it is a matter arising at the next and on the actions page until completed', async () => {
    const [first, second] = [uniqueTuesday(), uniqueTuesday()].sort();
    const now = daysBefore(first!, 30);
    const earlier = await scheduleMeeting(first!, now);
    const later = await scheduleMeeting(second!, now);
    const action = unique('WYP to provide further information on the reporting portal for partners');

    const recorded = await postForm(
      `/staff/meetings/${earlier}/actions`,
      { text: action, owner: 'WYP', returnTo: `/staff/meetings/${earlier}#actions` },
      { cookie, now },
    );
    expect(recorded.status).toBe(303);
    expect(recorded.location).toBe(`/staff/meetings/${earlier}#actions`);

    const earlierPage = await page(`/staff/meetings/${earlier}`, { cookie, now });
    const raised = text(between(earlierPage.html, 'id="actions"', 'id="record-action"'));
    expect(raised).toContain(`${action} Owner WYP Status Open`);
    expect(raised).toContain('Action recorded');

    const laterPage = await page(`/staff/meetings/${later}`, { cookie, now });
    const arising = between(laterPage.html, 'id="matters-arising"', '</main>');
    const actionId = new RegExp(`id="action-([0-9A-Z]{26})">\\s*<div class="govuk-summary-card__title-wrapper">\\s*<h3 class="govuk-summary-card__title">${action}`).exec(arising)?.[1];
    expect(actionId).toBeDefined();
    const card = text(between(arising, `id="action-${actionId}"`, '</form>'));
    expect(card).toContain(`${action} Owner WYP Status Open Raised at the meeting on`);
    expect(arising).toContain(`href="/staff/meetings/${earlier}">the meeting on `);
    // Not a matter arising at the meeting it was raised at.
    expect(between(earlierPage.html, 'id="matters-arising"', '</main>')).not.toContain(action);

    const actions = await page('/staff/actions', { cookie, now });
    expect(actions.status).toBe(200);
    expect(text(actions.html)).toMatch(/Matters arising for the next meeting \(\w+day \d+ \w+ \d{4}\)/);
    expect(between(actions.html, 'id="open"', '</main>')).toContain(`id="action-${actionId}"`);

    // An empty update is refused on the page it came from, with the error next to that action.
    const empty = await postForm(`/staff/meetings/${earlier}/actions/${actionId}`, { version: '1', note: 'Half done', returnTo: '/staff/actions' }, { cookie, now });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('<title>Error: Actions – Community Outcomes Meeting</title>');
    expect(between(empty.html, 'govuk-error-summary__list', '</ul>')).toContain(`<a href="#status-${actionId}">Select the status of the action: open, ongoing or completed</a>`);
    expect(between(empty.html, `id="action-${actionId}"`, '</form>')).toContain('>Half done</textarea>');

    // Ongoing: still arising, with the note.
    const ongoing = await postForm(
      `/staff/meetings/${earlier}/actions/${actionId}`,
      { version: '1', status: 'ongoing', note: 'Portal guidance being drafted', returnTo: `/staff/meetings/${later}#action-${actionId}` },
      { cookie, now },
    );
    expect(ongoing.status).toBe(303);
    expect(ongoing.location).toBe(`/staff/meetings/${later}#action-${actionId}`);
    const laterAgain = text(between((await page(`/staff/meetings/${later}`, { cookie, now })).html, 'id="matters-arising"', '</main>'));
    expect(laterAgain).toContain(`${action} Owner WYP Status Ongoing`);
    expect(laterAgain).toContain('Portal guidance being drafted');

    // A stale form (old version) is refused rather than overwriting.
    const stale = await postForm(`/staff/meetings/${earlier}/actions/${actionId}`, { version: '1', status: 'completed', returnTo: '/staff/actions' }, { cookie, now });
    expect(stale.status).toBe(409);

    // Completed: no longer a matter arising, nor open.
    const done = await postForm(`/staff/meetings/${earlier}/actions/${actionId}`, { version: '2', status: 'completed', returnTo: '/staff/actions' }, { cookie, now });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/staff/actions');
    expect((await page(`/staff/meetings/${later}`, { cookie, now })).html).not.toContain(action);
    expect((await page('/staff/actions', { cookie, now })).html).not.toContain(action);
  });

  it('re-shows the record-an-action form with its errors', async () => {
    const date = uniqueTuesday();
    const now = daysBefore(date, 10);
    const id = await scheduleMeeting(date, now);
    const res = await postForm(`/staff/meetings/${id}/actions`, { text: '', owner: 'WYP', returnTo: `/staff/meetings/${id}#actions` }, { cookie, now });
    expect(res.status).toBe(400);
    expect(res.html).toMatch(/<title>Error: .*, \w+day \d+ \w+ \d{4} – Community Outcomes Meeting<\/title>/);
    expect(between(res.html, 'govuk-error-summary__list', '</ul>')).toContain('<a href="#action-text">Enter the action</a>');
    expect(res.html).toMatch(/id="action-owner" name="owner" type="text" value="WYP"/);
  });

  it('ignores a returnTo that leaves the site', async () => {
    const date = uniqueTuesday();
    const now = daysBefore(date, 10);
    const id = await scheduleMeeting(date, now);
    const res = await postForm(`/staff/meetings/${id}/actions`, { text: unique('Action'), owner: 'WYP', returnTo: '//evil.example/' }, { cookie, now });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/staff/meetings/${id}#actions`);
  });
});

describe('the public home page', () => {
  it('lists upcoming meetings with the livestream link, escapes what staff typed, and tags a cancelled meeting', async () => {
    const [date, cancelledDate] = [uniqueTuesday(), uniqueTuesday()];
    const now = daysBefore([date, cancelledDate].sort()[0]!);
    await scheduleMeeting(date!, now, { place: '<script>alert(1)</script>', livestreamUrl: 'https://www.youtube.com/watch?v=com-live' });
    const cancelledId = await scheduleMeeting(cancelledDate!, now, { place: 'Cancelled place', livestreamUrl: 'https://www.youtube.com/watch?v=cancelled' });
    const cancelled = await api('POST', `/api/meetings/${cancelledId}/cancel`, { version: 1, reason: 'The commissioner is unwell', questions: 'close' }, { now });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

    const res = await page('/', { now });
    expect(res.status).toBe(200);
    expect(res.html).toContain('<title>Upcoming meetings – Community Outcomes Meeting</title>');
    expect(res.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.html).not.toContain('<script>alert(1)</script>');
    expect(res.html).toContain('<a class="govuk-link" href="https://www.youtube.com/watch?v=com-live" rel="noopener noreferrer">Watch the livestream');
    expect(res.html).toContain('<a class="govuk-link" href="/meetings.ics">Add the meetings to your calendar</a>');
    const row = between(res.html, 'Cancelled place', '</tr>');
    expect(row).not.toContain('watch?v=cancelled');
    const cancelledRow = res.html.slice(res.html.lastIndexOf('<tr', res.html.indexOf('Cancelled place')), res.html.indexOf('Cancelled place'));
    expect(text(cancelledRow)).toContain('Cancelled');
    // Staff details never show on the public page.
    expect(res.html).not.toContain('Signed in as');
  });

  it('says so when no meetings are coming up', async () => {
    const res = await page('/', { now: '2999-01-01T00:00:00Z' });
    expect(res.status).toBe(200);
    expect(text(res.html)).toContain('No meetings are scheduled at the moment.');
  });

  it('serves the page without a session and keeps the CSP', async () => {
    const res = await fetch(`${endpoints().app}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
