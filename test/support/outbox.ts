/**
 * The outbox's sender, run in a test's own process (as the stream, the schedule or the local poller
 * runs it) on the table that process is configured for (`useLocalEnv`).
 */

/**
 * The sender every minute from `fromIso` until nothing is left to send (at most two hours): on a busy
 * machine a send to the SES emulator can time out, and is then tried again at its retry time, as in AWS.
 */
export async function drainOutbox(fromIso: string) {
  const { sendDue } = await import('../../shared/app/emails.js');
  const { emailStore } = await import('../../shared/store/emails.js');
  for (let minute = 0; minute <= 120 && (await emailStore.due(new Date('2099-01-01T00:00:00Z'), 1)).length; minute++) {
    await sendDue(() => new Date(Date.parse(fromIso) + minute * 60_000));
  }
}
