// Prints a vitest JSON report's totals as one plain closing line,
// `tests: N passed, M failed, K skipped`, and exits non-zero unless the run was clean.
// It reads the report, not an exit status: an exit status has lied before (issue 17).
// Usage: node .ci/test-totals.mjs <report.json> [<the runner's exit status>]
import { readFileSync } from 'node:fs';

const [reportPath, runnerStatus = '0'] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch (error) {
  console.log('tests: 0 passed, 1 failed');
  console.log(`No test report at ${reportPath} (${error.message}): the test run did not finish.`);
  process.exit(1);
}

const files = report.testResults ?? [];
// A file that failed to load or whose hooks threw has no failed test of its own: count it once.
const fileErrors = files.filter(
  (file) =>
    file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
);
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + fileErrors.length;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);

for (const file of fileErrors)
  console.log(`failed to run: ${file.name}\n  ${String(file.message ?? '').split('\n')[0]}`);
if (report.success === false && failed === 0)
  console.log('vitest reported errors outside any test (see above).');
console.log(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);

const clean = failed === 0 && report.success !== false && passed > 0 && runnerStatus === '0';
process.exit(clean ? 0 : 1);
