/**
 * The I-Sub string similarity (Stoilos et al., 2005) behind WOQL `Like`: the server calls SWI's
 * `isub/4` with normalisation on, so both strings are lower-cased and stripped of `.`, `_` and
 * spaces, and the score is mapped from [-1, 1] to [0, 1].
 */
export function isubSimilarity(first: string, second: string): number {
  const clean = (text: string) => text.toLowerCase().replace(/[._ ]/g, '');
  let a = clean(first);
  let b = clean(second);
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 && lengthB === 0) return 1;
  if (lengthA === 0 || lengthB === 0) return 0;
  let common = 0;
  let best = 2;
  while (a.length > 0 && b.length > 0 && best !== 0) {
    best = 0;
    let startA = 0;
    let endA = 0;
    let startB = 0;
    let endB = 0;
    for (let i = 0; i < a.length && a.length - i > best; i++) {
      let j = 0;
      while (b.length - j > best) {
        let k = i;
        while (j < b.length && a[k] !== b[j]) j++;
        if (j !== b.length) {
          const p = j;
          for (j++, k++; j < b.length && k < a.length && a[k] === b[j]; j++, k++);
          if (k - i > best) {
            best = k - i;
            startA = i;
            endA = k;
            startB = p;
            endB = j;
          }
        }
      }
    }
    a = a.slice(0, startA) + a.slice(endA);
    b = b.slice(0, startB) + b.slice(endB);
    if (best > 2) common += best;
    else best = 0;
  }
  const commonality = (2 * common) / (lengthA + lengthB);
  const unmatchedA = Math.max(lengthA - common, 0) / lengthA;
  const unmatchedB = Math.max(lengthB - common, 0) / lengthB;
  const sum = unmatchedA + unmatchedB;
  const product = unmatchedA * unmatchedB;
  const dissimilarity = sum - product === 0 ? 0 : product / (0.6 + 0.4 * (sum - product));
  const original = [clean(first), clean(second)] as const;
  let prefix = 0;
  while (
    prefix < Math.min(4, original[0].length, original[1].length) &&
    original[0][prefix] === original[1][prefix]
  ) {
    prefix++;
  }
  const winkler = prefix * 0.1 * (1 - commonality);
  return (commonality - dissimilarity + winkler + 1) / 2;
}
