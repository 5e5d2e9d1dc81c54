/** Demo output: a heading per scenario, then indented lines a person can follow. */
export function heading(title: string): void {
  console.log(`\n━━ ${title} ${'━'.repeat(Math.max(3, 76 - title.length))}`);
}

export function say(line: string): void {
  console.log(`  ${line}`);
}

export function show(block: string): void {
  console.log(block);
}
