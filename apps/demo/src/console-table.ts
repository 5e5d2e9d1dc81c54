/** Renders rows as a boxed text table a person can read in a terminal. */
export function renderTable(
  rows: readonly Readonly<Record<string, unknown>>[],
  columns?: readonly string[],
): string {
  if (rows.length === 0) return '  (no rows)';
  const names = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => names.map((name) => formatCell(row[name])));
  const widths = names.map((name, i) => Math.max(name.length, ...cells.map((line) => width(line[i] ?? ''))));
  const line = (left: string, mid: string, right: string) =>
    `  ${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  const render = (values: readonly string[]) =>
    `  │${values.map((v, i) => ` ${pad(v, widths[i] ?? 0)} `).join('│')}│`;
  return [
    line('┌', '┬', '┐'),
    render(names),
    line('├', '┼', '┤'),
    ...cells.map(render),
    line('└', '┴', '┘'),
  ].join('\n');
}

const MAX_CELL = 36;

function formatCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '·';
  else if (value instanceof Date) text = value.toISOString().replace('T', ' ').slice(0, 19);
  else if (value instanceof Set) text = [...value].join(', ');
  else if (Array.isArray(value)) text = value.join(', ');
  else if (typeof value === 'number')
    text = Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2);
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return width(text) > MAX_CELL ? `${[...text].slice(0, MAX_CELL - 1).join('')}…` : text;
}

function width(text: string): number {
  return [...text].length;
}

function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}
