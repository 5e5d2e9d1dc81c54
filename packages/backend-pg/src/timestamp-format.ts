const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/**
 * A Date as PostgreSQL timestamptz input in UTC, e.g. `2024-05-06 07:08:09.123+00`.
 * Computed from the epoch milliseconds (Howard Hinnant's civil-from-days), which
 * is several times faster than toISOString on the bulk path and, unlike it,
 * stays readable by PostgreSQL outside years 1–9999 (year 0 is 1 BC).
 */
export function formatTimestamp(date: Date): string {
  const time = date.getTime();
  const days = Math.floor(time / DAY_MS);
  let rest = time - days * DAY_MS;
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  const shownYear = String(year >= 1 ? year : 1 - year).padStart(4, '0');
  return (
    `${shownYear}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]} ${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:` +
    `${TWO_DIGITS[seconds]}.${THREE_DIGITS[millis]}+00${year >= 1 ? '' : ' BC'}`
  );
}
