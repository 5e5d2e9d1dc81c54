/**
 * Orders strings by their UTF-8 bytes, which is code point order. JavaScript's
 * `<` compares UTF-16 code units instead and puts U+1F600 (a surrogate pair)
 * before U+FF21; ISONCS requires the UTF-8 order.
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) return codeUnitRank(left) - codeUnitRank(right);
  }
  return a.length - b.length;
}

// Surrogates (U+D800–DFFF) stand for code points above U+FFFF, so they rank
// above U+E000–FFFF; everything below U+D800 keeps its place.
function codeUnitRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
