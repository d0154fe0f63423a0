/**
 * Orders strings by code point, as DynamoDB orders sort keys: for ISO dates and times, ids and keys.
 * Not `String#localeCompare`, whose first call builds an ICU collator (10-15 ms of a cold start:
 * issue 15 §5, found with a CPU profile of the reminder sweep) and whose order is the locale's
 * rather than the keys'. Human text (titles) still sorts with localeCompare.
 */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
