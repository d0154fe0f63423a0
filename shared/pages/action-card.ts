/** Page layer: an action as its card shows it (_action.njk) on the meeting and actions pages, with its update form. */
import { type Action } from '../schemas/entities.js';
import { isOverdue } from '../domain/actions.js';
import { dateItems, datePartsOf, fieldErrors, noErrors, tag, type DateParts, type FieldIssue } from '../views/forms.js';

/** What someone typed into one action's update form, to show it again with its errors. */
export interface ActionUpdateForm {
  actionId: string;
  values: { status: string; note: string; targetDate?: DateParts };
  issues: FieldIssue[];
}

/** Ids of an action's update form fields: unique on a page that lists many actions. */
const updateFieldId = (actionId: string) => (f: string) => (f === 'status' ? `status-${actionId}` : f === 'targetDate' ? `targetDate-${actionId}-day` : `note-${actionId}`);

export const updateFormErrors = (form: ActionUpdateForm | undefined) =>
  form ? fieldErrors(form.issues, updateFieldId(form.actionId)) : noErrors();

/** An action as the action card shows it (_action.njk), with its update form's state; given `now`, whether it is overdue. */
export function actionView(a: Action, form?: ActionUpdateForm, now?: Date) {
  const mine = form?.actionId === a.id;
  const errors = mine ? updateFormErrors(form) : noErrors();
  const targetDate = mine && form.values.targetDate ? form.values.targetDate : datePartsOf(a.targetDate);
  return {
    ...a,
    statusTag: tag('action', a.status),
    overdue: now ? isOverdue(a, now) : false,
    latest: a.updates[a.updates.length - 1],
    form: {
      values: mine ? form.values : { status: a.status, note: '' },
      errors,
      open: mine,
      targetDateItems: dateItems(`targetDate-${a.id}`, targetDate, errors.byField.targetDate ? ['day', 'month', 'year'] : []),
    },
  };
}
