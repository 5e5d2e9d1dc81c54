/**
 * Writes a finite number so that ISON reads the same number back: plain
 * decimal digits, never an exponent (`1e-7` would read back as a string).
 * `-0` keeps its sign. An integer beyond ±(2^53 − 1) gets a `.0` so it reads
 * back as this double rather than as a `bigint`.
 */
export function numberText(value: number): string {
  const magnitude = Math.abs(value);
  // JavaScript only uses an exponent below 1e-6 or from 1e21 on, and every
  // integer in this range is safe: the common case needs no further work.
  if (magnitude >= 1e-6 && magnitude <= Number.MAX_SAFE_INTEGER) {
    if (magnitude < SHORT_DECIMAL_LIMIT && !Number.isInteger(magnitude)) {
      return shortDecimalText(value, magnitude) ?? String(value);
    }
    return String(value);
  }
  if (value === 0) return 1 / value < 0 ? '-0' : '0';
  const text = String(value);
  return Number.isInteger(value) ? `${plainDecimal(text)}.0` : plainDecimal(text);
}

// Expands JavaScript's shortest round-trip spelling ("1.2345e-7", "1e+21")
// into the same digits without an exponent; the decimal value is unchanged,
// so it parses back to the identical double.
function plainDecimal(text: string): string {
  const exponentAt = text.indexOf('e');
  if (exponentAt === -1) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const mantissa = text.slice(sign.length, exponentAt);
  const exponent = Number(text.slice(exponentAt + 1));
  const pointAt = mantissa.indexOf('.');
  const digits = pointAt === -1 ? mantissa : mantissa.slice(0, pointAt) + mantissa.slice(pointAt + 1);
  const integerDigits = (pointAt === -1 ? mantissa.length : pointAt) + exponent;
  if (integerDigits <= 0) return `${sign}0.${'0'.repeat(-integerDigits)}${digits}`;
  if (integerDigits >= digits.length) return `${sign}${digits}${'0'.repeat(integerDigits - digits.length)}`;
  return `${sign}${digits.slice(0, integerDigits)}.${digits.slice(integerDigits)}`;
}

const SCALES = [10, 100, 1_000, 10_000] as const;
/**
 * Below 2^39 one unit in the last place of a double is smaller than 10^-4, so
 * at most one decimal with up to four places rounds to a given double: when
 * shortDecimalText finds one, it is the one String() prints.
 */
const SHORT_DECIMAL_LIMIT = 1e11;

// Measured amounts (prices, readings) mostly have a few decimal places. For
// those, integer arithmetic spells the same digits as String(), which would run
// the general shortest-digits algorithm: about half of an encode's time on a
// table of such numbers. `scaled / scale === magnitude` proves the decimal
// reads back as this double (both are exact integers, the division rounds
// correctly). Undefined when no such decimal exists.
function shortDecimalText(value: number, magnitude: number): string | undefined {
  for (let places = 0; places < SCALES.length; places++) {
    const scale = SCALES[places]!;
    const scaled = magnitude * scale;
    if (!Number.isInteger(scaled) || scaled / scale !== magnitude) continue;
    const whole = Math.floor(magnitude);
    let fraction = scaled - whole * scale;
    let digits = places + 1;
    while (fraction % 10 === 0) {
      fraction /= 10;
      digits--;
    }
    const fractionText = String(fraction).padStart(digits, '0');
    return `${value < 0 ? '-' : ''}${whole}.${fractionText}`;
  }
  return undefined;
}
