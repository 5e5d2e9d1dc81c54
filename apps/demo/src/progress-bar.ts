/**
 * A one-line progress bar for long imports. On a terminal it redraws in place;
 * when output is piped (CI logs) it prints a line every 25% instead.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stdout) {
  const started = performance.now();
  let lastQuarter = -1;
  return {
    update(done: number, total: number): void {
      const ratio = total === 0 ? 1 : done / total;
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(done / seconds) : 0;
      const text = `  ${label} ${bar(ratio)} ${String(Math.round(ratio * 100)).padStart(3)}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} rows  ${rate.toLocaleString('en-US')} rows/s`;
      if (stream.isTTY) {
        stream.write(`\r${text}`);
        if (done >= total) stream.write('\n');
        return;
      }
      const quarter = Math.floor(ratio * 4);
      if (quarter !== lastQuarter) {
        lastQuarter = quarter;
        stream.write(`${text}\n`);
      }
    },
  };
}

function bar(ratio: number, width = 30): string {
  const filled = Math.round(Math.min(1, Math.max(0, ratio)) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}
