/** Page layer: an action as its card shows it (_action.njk) on the meeting and actions pages, with its update form. */
import { type Action } from '../schemas/entities.js';
import { fieldErrors, noErrors, tag, type FieldIssue } from '../views/forms.js';

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
