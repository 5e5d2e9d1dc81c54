// CommonJS consumer (entries as a JSON array in argv[2]): require() each entry (Node's require(esm)) and check that it is the
// same module instance import() gives, so errors and tokens are one copy either way.
const assert = require('node:assert/strict');

async function checkEntries(entries) {
  for (const entry of entries) {
    const required = require(entry);
    const imported = await import(entry);
    assert.ok(Object.keys(required).length > 0, `${entry}: require() gave no exports`);
    for (const key of Object.keys(imported)) {
      assert.equal(required[key], imported[key], `${entry}: ${key} differs between require() and import()`);
    }
  }
  const core = require('@sqh/core');
  const conflict = new core.ConflictError('taken');
  assert.equal(core.isSqhError(conflict), true);
  assert.equal(conflict.code, 'CONFLICT');
  console.log(`require() loaded ${entries.length} entries`);
}

checkEntries(JSON.parse(process.argv[2])).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
