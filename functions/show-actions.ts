import { pageRoute, type PageReply } from '../shared/http/handler.js';
import { actionStore, meetingStore } from '../shared/store/store.js';
import type { Action } from '../shared/schemas/entities.js';
import { fieldErrors, noErrors, tag, type FieldIssue } from '../shared/views/forms.js';

/** What someone typed into one action's update form, to show it again with its errors. */
export interface ActionUpdateForm {
  actionId: string;
  values: { status: string; note: string };
  issues: FieldIssue[];
}

/** Ids of an action's update form fields: unique on a page that lists many actions. */
const updateFieldId = (actionId: string) => (f: string) => `${f === 'status' ? 'status' : 'note'}-${actionId}`;

export const updateFormErrors = (form: ActionUpdateForm | undefined) =>
  form ? fieldErrors(form.issues, updateFieldId(form.actionId)) : noErrors();

/** An action as the action card shows it (_action.njk), with its update form's state. */
export function actionView(a: Action, form?: ActionUpdateForm) {
  const mine = form?.actionId === a.id;
  return {
    ...a,
    statusTag: tag('action', a.status),
    latest: a.updates[a.updates.length - 1],
    form: {
      values: mine ? form.values : { status: a.status, note: '' },
      errors: mine ? updateFormErrors(form) : noErrors(),
      open: mine,
    },
  };
}

const byMeetingThenCreation = (a: Action, b: Action) => a.meetingStart.localeCompare(b.meetingStart) || a.createdAt.localeCompare(b.createdAt);

/** Every open or ongoing action, and the matters arising for the next meeting. */
export async function actionsPage(now: Date, opts: { update?: ActionUpdateForm; status?: number } = {}): Promise<PageReply> {
  const [open, upcoming] = await Promise.all([actionStore.listOpen(), meetingStore.list(now.toISOString())]);
  const next = upcoming.find((m) => m.status !== 'cancelled');
  const sorted = [...open].sort(byMeetingThenCreation);
  const errors = updateFormErrors(opts.update);
  return {
    view: 'actions.njk',
    status: opts.status ?? 200,
    data: {
      section: 'actions',
      next,
      mattersArising: next ? sorted.filter((a) => a.meetingStart < next.start).map((a) => ({ ...a, statusTag: tag('action', a.status) })) : [],
      actions: sorted.map((a) => actionView(a, opts.update)),
      errors,
      returnTo: '/staff/actions',
    },
  };
}

export const handler = pageRoute('show-actions', async ({ now }) => actionsPage(now));
