/** Whitespace (Unicode included) or a control character: what no bare name or token may hold. */
export const SPACE_OR_CONTROL = /[\s\p{Cc}]/u;
