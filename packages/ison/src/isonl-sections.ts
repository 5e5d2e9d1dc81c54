import { skipQuoted } from './value-lexer.js';

const PIPE = 0x7c;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;

/** A `|`-separated part of an ISONL line and where it starts in the line (0-based). */
export interface IsonlSection {
  readonly text: string;
  readonly offset: number;
}

/**
 * Splits an ISONL line at every `|` outside a quoted value (a value is quoted
 * when it starts with `"`; `\|` inside it is escaped).
 */
export function splitIsonlSections(line: string): IsonlSection[] {
  const sections: IsonlSection[] = [];
  let start = 0;
  let atValueStart = true;
  for (let index = 0; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (code === PIPE) {
      sections.push({ text: line.slice(start, index), offset: start });
      start = index + 1;
      atValueStart = true;
    } else if (code === SPACE || code === TAB) {
      atValueStart = true;
    } else if (code === QUOTE && atValueStart) {
      index = skipQuoted(line, index) - 1;
      atValueStart = false;
    } else {
      atValueStart = false;
    }
  }
  sections.push({ text: line.slice(start), offset: start });
  return sections;
}
