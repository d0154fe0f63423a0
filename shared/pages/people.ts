/** Page layer (called by functions/ wiring): the people list (sponsors and authors), adding a person and editing one (issue 12 §3). */
import { type PageReply, redirect, type PageFn } from '../http/handler.js';
import { createPerson, findPerson, listPeople, updatePerson } from '../app/people.js';
import { suppressedAddresses } from '../app/mail-events.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { fieldErrors, field, type FieldIssue } from '../views/forms.js';

export interface PersonFormValues {
  name: string;
  role: string;
  email: string;
}
const blank: PersonFormValues = { name: '', role: '', email: '' };
const valuesOf = (form: Record<string, string | string[] | undefined>): PersonFormValues => ({ name: field(form, 'name'), role: field(form, 'role'), email: field(form, 'email') });

export async function peoplePage(opts: { values?: PersonFormValues; issues?: FieldIssue[]; added?: string; saved?: string; status?: number } = {}): Promise<PageReply> {
  const listed = await listPeople();
  // Addresses SES reported as a hard bounce or a complaint: shown beside the person (issue 14 §2).
  const suppressed = await suppressedAddresses(listed.map((p) => p.email));
  const people = listed.map((p) => ({ ...p, suppression: suppressed.get(p.email.trim().toLowerCase()) }));
  return {
    view: 'people.njk',
    status: opts.status ?? 200,
    data: {
      section: 'people',
      people,
      added: opts.added ? people.find((p) => p.id === opts.added) : undefined,
      saved: opts.saved ? people.find((p) => p.id === opts.saved) : undefined,
      values: opts.values ?? blank,
      errors: fieldErrors(opts.issues ?? []),
    },
  };
}

export const showPeople: PageFn<'show-people'> = async ({ event }) =>
  peoplePage({ added: event.queryStringParameters?.added, saved: event.queryStringParameters?.saved });

export const submitPerson: PageFn<'submit-person'> = async ({ form, fields, formIssues, now }) => {
  const values = valuesOf(form);
  if (!fields) return peoplePage({ values, issues: formIssues, status: 400 });
  try {
    const person = await createPerson(fields, now);
    return redirect(`/staff/people?added=${person.id}`);
  } catch (error) {
    if (error instanceof ValidationError) return peoplePage({ values, issues: error.issues, status: 400 });
    throw error;
  }
};

async function editPage(personId: string, opts: { values?: PersonFormValues; issues?: FieldIssue[]; status?: number } = {}): Promise<PageReply> {
  const person = await findPerson(personId);
  if (!person) throw new NotFoundError(`There is no person with id ${personId}`, 'person');
  const suppression = (await suppressedAddresses([person.email])).get(person.email.trim().toLowerCase());
  return {
    view: 'person-edit.njk',
    status: opts.status ?? 200,
    data: {
      section: 'people',
      person,
      suppression,
      values: opts.values ?? { name: person.name, role: person.role ?? '', email: person.email },
      errors: fieldErrors(opts.issues ?? []),
    },
  };
}

export const showPersonEdit: PageFn<'show-person-edit'> = async ({ params }) => editPage(params.personId);

/** Save a person's details: requests already made keep their snapshot; later emails go to the new address. */
export const submitPersonEdit: PageFn<'submit-person-edit'> = async ({ params, form, fields, formIssues, now }) => {
  const values = valuesOf(form);
  if (!fields) {
    if (formIssues.some((i) => i.field === 'version')) throw new ValidationError('The form is out of date. Reload the page and try again.', formIssues);
    return editPage(params.personId, { values, issues: formIssues, status: 400 });
  }
  try {
    await updatePerson(params.personId, fields, now);
  } catch (error) {
    if (error instanceof ValidationError) return editPage(params.personId, { values, issues: error.issues, status: 400 });
    throw error;
  }
  return redirect(`/staff/people?saved=${params.personId}`);
};
