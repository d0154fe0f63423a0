/** Page layer (called by functions/ wiring): The staff home: what needs doing across the last meeting and the next ones, and "Send a reminder now". */
import { randomBytes } from 'node:crypto';
import { redirect, type PageFn } from '../http/handler.js';
import { staffOverview } from '../app/overview.js';
import { remindNow } from '../app/remind-now.js';
import { inDays, paperStateLabels, shortDate, type OverviewSort } from '../domain/overview.js';
import { invalid } from '../domain/errors.js';
import { daysLeftText, humanise } from '../views/forms.js';

const ragClasses = { red: 'govuk-tag--red', amber: 'govuk-tag--orange', green: 'govuk-tag--green' } as const;

/** The home's address with a sort and a filter (the links that sort and filter without JavaScript). */
export const homeHref = (sort: OverviewSort, show: 'all' | 'overdue') => {
  const q = new URLSearchParams({ ...(sort !== 'due' ? { sort } : {}), ...(show !== 'all' ? { show } : {}) }).toString();
  return `/staff${q ? `?${q}` : ''}`;
};

const sortLabels: Record<OverviewSort, string> = { due: 'due date', meeting: 'meeting', status: 'status' };

export const showStaffHome: PageFn<'show-staff-home'> = async ({ query, now }) => {
  const { sort, show } = query;
  const o = await staffOverview(now, { sort, overdueOnly: show === 'overdue' });
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
    },
  };
};

/** "Send a reminder now" on the home: send it (once per click), then back to the home with what happened. */
export const submitRemindNow: PageFn<'submit-remind-now'> = async ({ params, fields, formIssues: [issue], baseUrl, now }) => {
  if (!fields) throw invalid(issue!.field, issue!.message);
  const result = await remindNow(params.meetingId, params.requestId, fields.key, baseUrl, now);
  return redirect(`/staff?reminded=${result.outcome}&request=${params.requestId}#papers`);
};
