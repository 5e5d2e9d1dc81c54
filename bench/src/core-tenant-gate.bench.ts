import { createSqh } from '@sqh/core';
import { PlatformGroupRecordService } from '@sqh/core/spi';
import { Note, mapBackendPlugin as plugin } from './in-process-backend.js';
import { median, withSpread } from './pg-bench-support.js';

// What the tenant gate costs a record call: `sqh.records.get` (counted in
// flight, refused while its tenant is deprovisioned) against the record
// service's own `get` on the same instance, skipping only the gate. The backend
// is an in-process map, so the figure is core's overhead alone, not hidden
// behind a database round trip. Calls alternate one by one; per-round ratios.
// Target: <= 1.10 (a few hundred nanoseconds on a call that costs microseconds).

const ROUNDS = 9;
const CALLS = 20_000;
const TARGET = 1.1;

const sqh = await createSqh({ plugins: [plugin], models: [Note] });
const ungatedGet = PlatformGroupRecordService.prototype.get;
const gated = (n: number) => sqh.records.get('acme', 'bench', 'Note', `n${n % 1_000}`);
const ungated = (n: number) => ungatedGet.call(sqh.records, 'acme', 'bench', 'Note', `n${n % 1_000}`);

if ((await gated(7))?.text !== (await ungated(7))?.text) throw new Error('gated and ungated get disagree');
for (let n = 0; n < CALLS; n++) await Promise.all([gated(n), ungated(n)]);

const ratios: number[] = [];
const overheads: number[] = [];
const baselines: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  let gatedNs = 0n;
  let ungatedNs = 0n;
  for (let n = 0; n < CALLS; n++) {
    const gatedFirst = (n + round) % 2 === 0;
    for (const path of gatedFirst ? [gated, ungated] : [ungated, gated]) {
      const start = process.hrtime.bigint();
      await path(n);
      const spent = process.hrtime.bigint() - start;
      if (path === gated) gatedNs += spent;
      else ungatedNs += spent;
    }
  }
  ratios.push(Number(gatedNs) / Number(ungatedNs));
  overheads.push(Number(gatedNs - ungatedNs) / CALLS);
  baselines.push(Number(ungatedNs) / CALLS);
}
await sqh.close();

console.log(`${ROUNDS} rounds of ${CALLS.toLocaleString('en')} gets per path on an in-process backend`);
console.log(
  `get through the tenant gate / without it: ${withSpread(ratios)}  target <= ${TARGET}  ` +
    `(overhead ${median(overheads).toFixed(0)} ns on a ${median(baselines).toFixed(0)} ns call)`,
);
