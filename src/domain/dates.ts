/** --since / --until / --at dates: an ISO date means that whole day in UTC. */
import { UserError } from './errors.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function looksLikeDate(text: string): boolean {
  return DATE.test(text) || DATE_TIME.test(text);
}

/** The instant a date bound means: the start of the day for --since, the end for --until and --at. */
export function parseDateBound(text: string, flag: string, end: boolean): Date {
  const valid = looksLikeDate(text);
  const date = !valid
    ? new Date(NaN)
    : DATE.test(text)
      ? new Date(`${text}T${end ? '23:59:59.999' : '00:00:00.000'}Z`)
      : new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new UserError(
      'USAGE',
      `${flag} "${text}" is not a date`,
      `Use an ISO 8601 date such as 2026-01-15 or 2026-01-15T12:00:00Z.`,
    );
  }
  return date;
}
