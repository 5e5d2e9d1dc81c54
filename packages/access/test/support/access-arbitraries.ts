import type { AccessContext } from '@sqh/core';
import type { AccessOperation } from '@sqh/core/spi';
import fc from 'fast-check';
import { type AccessRule, type AttributeComparison, abac, ownership, rbac, team } from '../../src/index.js';

/** Case, accent (composed and decomposed), whitespace, LIKE and quote characters, ids that look like other ids. */
export const WORDS = [
  'alice',
  'Alice',
  'ALICE',
  'alice ',
  '\u00e5lice',
  'a\u030alice',
  'bob',
  'rec-1',
  'REC-1',
  'rec-01',
  'red',
  'Red',
  'blue',
  "o'brien",
  '%',
  '_',
  '\u00df',
  'SS',
  '\u{1F600}',
  'north',
  'south',
] as const;

const DATES = [
  '2020-01-01T00:00:00Z',
  '2024-02-29T12:00:00Z',
  '2024-03-01T00:00:00.000Z',
  '2030-06-15T08:30:00Z',
];
const PERMISSIONS = [
  'lab:read',
  'lab:write',
  'lab:create',
  'lab:admin',
  'lab:*',
  'lab:read_all',
  'LAB:read',
  'lab:reader',
  'other:*',
  '*',
];
const OPERATIONS: readonly AccessOperation[] = ['read', 'create', 'update', 'delete'];

/** Most values come from a few near-identical words, so scopes often split the records. */
const CLOSE = ['alice', 'Alice', '\u00e5lice', 'a\u030alice', 'red', 'Red'] as const;
const word = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...CLOSE) }, fc.constantFrom(...WORDS));
const wordOrEmpty = fc.oneof({ weight: 12, arbitrary: word }, fc.constant(''));
const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(fc.option(value, { nil: null }), { nil: undefined });

/** A record full of nulls, absent fields and look-alike values. */
export const recordData = fc.record(
  {
    title: fc.constantFrom('report', 'Field REPORT', 'notes', ''),
    owner: maybe(wordOrEmpty),
    team: maybe(wordOrEmpty),
    teams: fc.option(fc.uniqueArray(wordOrEmpty, { maxLength: 3 }), { nil: undefined }),
    region: maybe(word),
    level: maybe(fc.integer({ min: -3, max: 3 })),
    observed: maybe(fc.constantFrom(...DATES).map((iso) => new Date(iso))),
  },
  { requiredKeys: ['title'] },
);

/** Ids that look like user ids and like each other (`alice1`, `Alice1`, `rec-11`, `rec-011`). */
const recordId = fc
  .record({ stem: fc.constantFrom(...WORDS.filter((w) => /^[\p{L}\p{N}-]+$/u.test(w))), n: fc.nat(30) })
  .map(({ stem, n }) => `${stem}${n}`);

export const recordSet = fc.uniqueArray(fc.record({ id: recordId, data: recordData }), {
  minLength: 12,
  maxLength: 24,
  selector: (row) => row.id,
});

const operations = fc.option(fc.subarray([...OPERATIONS], { minLength: 1 }), { nil: undefined, freq: 2 });
const bypass = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  fc.constantFrom('lab:read_all', 'lab:admin'),
);
const scope = fc
  .record({ on: operations, bypass })
  .map(({ on, bypass }) => ({ ...(on ? { on } : {}), ...(bypass ? { bypass } : {}) }));

export const rule: fc.Arbitrary<AccessRule> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      rbac({ read: 'lab:read', write: 'lab:write' }),
      rbac({ read: 'lab:read' }),
      rbac({ read: 'lab:read', create: 'lab:create', update: 'lab:write', delete: 'lab:admin' }),
    ),
  },
  { weight: 2, arbitrary: scope.map((options) => ownership('owner', options)) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('team', 'teams')
      .chain((field) => scope.map((options) => team(field, options))),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        options: scope,
        target: fc.constantFrom(
          { field: 'region', attribute: 'region' },
          { field: 'level', attribute: 'clearance' },
          { field: 'observed', attribute: 'since' },
        ),
        op: fc.constantFrom<AttributeComparison>('eq', 'ne', 'gt', 'gte', 'lt', 'lte'),
      })
      .map(({ options, target, op }) => abac(target.field, { ...options, attribute: target.attribute, op })),
  },
);

/** Mostly the right type for the attribute, sometimes a set, sometimes the wrong type (a deny). */
const hostileValue = fc.oneof(
  word,
  fc.uniqueArray(word, { maxLength: 3 }),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(2.5, true, '2', 'yesterday', ...DATES),
  fc.uniqueArray(fc.constantFrom(...DATES), { maxLength: 2 }),
);
const attribute = <T>(usual: fc.Arbitrary<T>) =>
  fc.option(fc.oneof({ weight: 4, arbitrary: usual }, hostileValue), { nil: undefined, freq: 6 });

const attributes = fc
  .record({
    region: attribute(fc.oneof(word, fc.uniqueArray(word, { maxLength: 3 }))),
    clearance: attribute(fc.integer({ min: -3, max: 3 })),
    since: attribute(fc.constantFrom(...DATES)),
  })
  .map(
    (all) =>
      Object.fromEntries(
        Object.entries(all).filter(([, value]) => value !== undefined),
      ) as AccessContext['attributes'],
  );

/** Who calls: a tenant user (the usual case), nobody, a user of another tenant, or a platform job. */
export function caller(tenantId: string): fc.Arbitrary<AccessContext | undefined> {
  const user = fc.record({
    userId: word,
    teamIds: fc.uniqueArray(wordOrEmpty, { maxLength: 3 }),
    // Usually the permissions the rules ask for, so most cases reach the scopes.
    permissions: fc
      .tuple(fc.subarray(PERMISSIONS), fc.boolean(), fc.boolean())
      .map(([some, read, write]) => [
        ...some,
        ...(read || write ? ['lab:read'] : []),
        ...(write ? ['lab:write'] : []),
      ]),
    attributes,
  });
  return fc.oneof(
    { weight: 12, arbitrary: user.map((u) => ({ ...u, tenantId, isSharedReference: false })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: user.map((u) => ({ ...u, tenantId: `${tenantId}-other`, isSharedReference: false })),
    },
    {
      weight: 1,
      arbitrary: user.map((u) => ({ ...u, tenantId: null, isSharedReference: false, platform: true })),
    },
  );
}
