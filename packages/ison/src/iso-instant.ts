const DAY = 86_400_000;
const CACHED_DAYS = 4096;
const TWO_DIGITS = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));

// Calendar-date text by day number. The rows of a result share few days, and
// Date#toISOString is the slowest step of writing a row, so a day seen once
// is spelled from this cache after. Bounded: cleared when full.
const dayTexts = new Map<number, string>();

/**
 * The shortest ISO-8601 UTC spelling of a valid date's instant: a calendar
 * date for midnight (`2024-03-05`, a DATE column), no `.000` for whole
 * seconds (`2024-03-05T08:30:00Z`), else `2024-03-05T08:30:00.250Z`. Each
 * names the same instant (date-only forms are UTC) with fewer tokens.
 */
export function isoInstant(date: Date): string {
  const time = date.getTime();
  const day = Math.floor(time / DAY);
  let rest = time - day * DAY;
  const dayText = dayTexts.get(day);
  if (dayText === undefined) return spellAndRemember(date, day, rest === 0);
  if (rest === 0) return dayText;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const clock = `${dayText}T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}`;
  return millis === 0 ? `${clock}Z` : `${clock}.${String(millis).padStart(3, '0')}Z`;
}

function spellAndRemember(date: Date, day: number, midnight: boolean): string {
  const iso = date.toISOString();
  const dayText = iso.slice(0, iso.indexOf('T'));
  if (dayTexts.size >= CACHED_DAYS) dayTexts.clear();
  dayTexts.set(day, dayText);
  if (midnight) return dayText;
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
