/** Page layer (called by functions/ wiring): The staff home: what needs doing across the last meeting and the next ones, and "Send a reminder now". */
import { randomBytes } from 'node:crypto';
import { redirect, type PageFn } from '../http/handler.js';
import { staffOverview } from '../app/overview.js';
import { remindNow } from '../app/remind-now.js';
import { inDays, paperStateLabels, shortDate, type OverviewSort } from '../domain/overview.js';
import { invalid } from '../domain/errors.js';
import { daysLeftText, emailStateLine, humanise } from '../views/forms.js';
import { failedEmails, resendEmail } from '../app/emails.js';
import type { EmailPurpose } from '../schemas/emails.js';

const ragClasses = { red: 'govuk-tag--red', amber: 'govuk-tag--orange', green: 'govuk-tag--green' } as const;

/** The home's address with a sort and a filter (the links that sort and filter without JavaScript). */
export const homeHref = (sort: OverviewSort, show: 'all' | 'overdue') => {
  const q = new URLSearchParams({ ...(sort !== 'due' ? { sort } : {}), ...(show !== 'all' ? { show } : {}) }).toString();
  return `/staff${q ? `?${q}` : ''}`;
};

const sortLabels: Record<OverviewSort, string> = { due: 'due date', meeting: 'meeting', status: 'status' };

/** What each kind of email is, in words, for the staff home's list of emails that did not go. */
const emailPurposeText: Record<EmailPurpose, string> = {
  'request-author': 'Paper request to the author',
  'request-sponsor': 'Paper request to the sponsor',
  'question-received': 'Acknowledgement of a public question',
  'question-review': 'Review outcome to a question’s submitter',
  'question-answer': 'Answer to a question’s submitter',
  'meeting-moved-author': 'New meeting date to an author',
  'meeting-moved-sponsor': 'New meeting date to a sponsor',
  'meeting-moved-question': 'New meeting date to a question’s submitter',
  'cancel-author': 'Meeting cancelled, to an author',
  'cancel-sponsor': 'Meeting cancelled, to a sponsor',
  'cancel-question': 'Meeting cancelled, to a question’s submitter',
  'paper-receipt': 'Paper receipt to the author',
  'paper-submitted-sponsor': 'Paper submitted, to the sponsor',
  'paper-submitted-office': 'Paper submitted, to the office',
  'paper-returned': 'Paper returned to the author',
  'paper-published': 'Paper published, to the author',
  reminder: 'Reminder',
};

export const showStaffHome: PageFn<'show-staff-home'> = async ({ query, now }) => {
  const { sort, show } = query;
  const [o, failed] = await Promise.all([staffOverview(now, { sort, overdueOnly: show === 'overdue' }), failedEmails()]);
  const meetingHref = (id: string) => `/staff/meetings/${id}`;
  const meetingName = (m: { title: string; start: string }) => `${m.title}, ${shortDate(m.start)}`;
  const papers = o.papers.map((p) => {
    const label = paperStateLabels[p.state];
    return {
      id: p.request.id,
      title: p.request.title,
      href: `${meetingHref(p.meeting.id)}/requests/${p.request.id}`,
      meeting: { name: meetingName(p.meeting), href: meetingHref(p.meeting.id), id: p.meeting.id },
      author: p.request.author.name,
      due: shortDate(p.request.dueDate),
      daysLeftText: daysLeftText(p.daysLeft) || (p.request.submittedAt ? `in ${shortDate(p.request.submittedAt)}` : ''),
      tag: { text: label.text, classes: ragClasses[label.rag] },
      state: p.state,
      awaitingPaper: p.awaitingPaper,
      version: p.request.version,
      // One key per button as drawn: a double click or a retried post of this form sends one reminder.
      remindKey: randomBytes(18).toString('base64url'),
    };
  });
  const reminded = query.reminded && query.request ? { outcome: query.reminded, title: o.papers.find((p) => p.request.id === query.request)?.request.title } : undefined;
  return {
    view: 'staff-home.njk',
    data: {
      section: 'home',
      today: o.today,
      counts: o.counts,
      papers,
      sort,
      sortLabel: sortLabels[sort],
      show,
      sortLinks: (['due', 'meeting', 'status'] as const).map((s) => ({ text: `Sort by ${sortLabels[s]}`, href: homeHref(s, show), current: s === sort })),
      filterLink: show === 'overdue' ? { text: 'Show all papers needing attention', href: homeHref(sort, 'all') } : { text: `Show only overdue papers (${o.counts.overdue})`, href: homeHref(sort, 'overdue') },
      returnTo: homeHref(sort, show),
      questions: o.questions.map((q) => ({
        meeting: { name: meetingName(q.meeting), href: meetingHref(q.meeting.id), id: q.meeting.id },
        waiting: q.waiting,
        queueHref: `${meetingHref(q.meeting.id)}/questions`,
        deadline: shortDate(q.deadline),
        when: q.daysLeft >= 0 ? `closes ${inDays(q.daysLeft)}` : `closed ${inDays(q.daysLeft)}`,
      })),
      actions: o.actions.map((a) => ({
        id: a.action.id,
        text: a.action.text,
        owner: a.action.owner,
        status: humanise(a.action.status),
        raisedAt: { name: `the meeting on ${shortDate(a.action.meetingStart)}`, href: `${meetingHref(a.action.meetingId)}#action-${a.action.id}` },
        target: a.action.targetDate ? shortDate(a.action.targetDate) : undefined,
        overdueText: a.daysOverdue === null ? 'no target date' : `${a.daysOverdue} ${a.daysOverdue === 1 ? 'day' : 'days'} overdue`,
      })),
      deadlines: o.deadlines.map((d) => ({
        label: d.label,
        kind: d.kind,
        meeting: { name: meetingName(d.meeting), href: meetingHref(d.meeting.id), id: d.meeting.id },
        date: shortDate(d.date),
        daysLeft: d.daysLeft,
        when: inDays(d.daysLeft),
      })),
      meetingCount: o.meetings.length,
      reminded,
      resent: query.resent,
      failedEmails: failed.map((e) => ({
        what: emailPurposeText[e.purpose],
        to: e.to,
        when: shortDate(e.updatedAt),
        why: emailStateLine(e, ''),
        href: e.purpose === 'reminder' ? `${meetingHref(e.meetingId)}/reminders` : `${meetingHref(e.meetingId)}`,
        ref: e.status === 'failed' ? e.ref : undefined,
      })),
    },
  };
};

/** "Send again" on the home's list of emails that did not go: back in the outbox, then back to the home. */
export const submitEmailResend: PageFn<'submit-email-resend'> = async ({ fields, formIssues: [issue], now }) => {
  if (!fields) throw invalid(issue!.field, issue!.message);
  const queued = await resendEmail(fields.email, now);
  return redirect(`/staff?resent=${queued ? 'queued' : 'not-failed'}#emails`);
};

/** "Send a reminder now" on the home: send it (once per click), then back to the home with what happened. */
export const submitRemindNow: PageFn<'submit-remind-now'> = async ({ params, fields, formIssues: [issue], baseUrl, now }) => {
  if (!fields) throw invalid(issue!.field, issue!.message);
  const result = await remindNow(params.meetingId, params.requestId, fields.key, baseUrl, now);
  return redirect(`/staff?reminded=${result.outcome}&request=${params.requestId}#papers`);
};
