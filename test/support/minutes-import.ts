/** Helpers of the import tests (issue 13 §4). */
import type { MinutesProposal } from '../../shared/schemas/minutes-import.js';

/** A proposal's texts with the layout (blank lines, line numbers) left out: a .docx and its text compare equal. */
export const comparable = (p: MinutesProposal) => ({
  ...p,
  items: p.items.map((i) => ({ ...i, notes: i.notes.replace(/\s+/g, ' ') })),
  notPlaced: p.notPlaced.map((n) => ({ text: n.text.replace(/\s+/g, ' '), reason: n.reason.replace(/\d+ more lines/, 'N more lines') })),
});
