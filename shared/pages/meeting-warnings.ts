/**
 * Page layer: the warnings of a meeting's date and time (shared/domain/meeting-warnings.ts) as the
 * schedule and edit forms' confirm steps show them (issue 12 §3). A weekend, a bank holiday or a
 * time already past needs "Schedule it anyway" ticked; the repeated October hour needs a choice of
 * the two instants, and the chosen one is what is stored.
 */
import { meetingWarnings, type MeetingWarning } from '../domain/meeting-warnings.js';
import { londonInstants } from '../domain/time.js';

/** Warnings the person must confirm with a tick (the repeated hour is answered by its choice instead). */
const needsTick = (w: MeetingWarning) => w.kind !== 'ambiguous-time';

export function warningsOf(startLocal: string, now: Date): MeetingWarning[] {
  try {
    return meetingWarnings(startLocal, now);
  } catch {
    // Not a real London time (reported on the form by the save itself).
    return [];
  }
}

export const needsConfirmation = (warnings: readonly MeetingWarning[]) => warnings.some(needsTick);

/**
 * The start to store for a London wall-clock time: in the repeated October hour, the instant chosen
 * (an ISO instant, which the domain's parseLondonLocal takes as it is); otherwise the time itself.
 */
export function chosenStart(startLocal: string, startChoice: string | undefined): string {
  if (!startChoice) return startLocal;
  let instants: string[] = [];
  try {
    instants = londonInstants(startLocal);
  } catch {
    return startLocal;
  }
  return instants.length === 2 && instants.includes(startChoice) ? startChoice : startLocal;
}

/** What the confirm step's template needs: the messages, whether a tick is needed, the radios of the repeated hour. */
export function warningsView(warnings: readonly MeetingWarning[], answers: { confirmed?: boolean; startChoice?: string } = {}) {
  const ambiguous = warnings.find((w) => w.kind === 'ambiguous-time');
  const choices = ambiguous && 'choices' in ambiguous ? ambiguous.choices : [];
  const chosen = choices.some((c) => c.instant === answers.startChoice) ? answers.startChoice : choices[0]?.instant;
  return {
    list: warnings.map((w) => ({ kind: w.kind, message: w.message })),
    needsConfirmation: needsConfirmation(warnings),
    confirmed: answers.confirmed === true,
    startChoices: choices.map((c) => ({ value: c.instant, text: c.label, checked: c.instant === chosen })),
  };
}
