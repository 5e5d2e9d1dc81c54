import { describe, expect, it } from 'vitest';
import { type FilterInput, ValidationError } from '../src/index.js';
import { validateFilter, validateOrderBy, validateSearchFields } from '../src/spi.js';
import { Account, LabResult } from './support/models.js';

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError)
      return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('validateFilter', () => {
  it('turns field: value into equality and ANDs the fields of one level', () => {
    expect(validateFilter(LabResult, { test_type: 'ph', value: { $gte: 7 } })).toEqual({
      kind: 'and',
      nodes: [
        { kind: 'compare', field: 'test_type', op: 'eq', value: 'ph' },
        { kind: 'compare', field: 'value', op: 'gte', value: 7 },
      ],
    });
  });

  it('returns undefined for an empty filter', () => {
    expect(validateFilter(LabResult, {})).toBeUndefined();
    expect(validateFilter(LabResult, undefined)).toBeUndefined();
  });

  it('normalises null equality into null checks', () => {
    expect(validateFilter(LabResult, { note: null })).toEqual({ kind: 'null', field: 'note', isNull: true });
    expect(validateFilter(LabResult, { note: { $ne: null } })).toEqual({
      kind: 'null',
      field: 'note',
      isNull: false,
    });
  });

  it('parses ISO date strings into Dates for date fields', () => {
    const node = validateFilter(LabResult, { created_at: { $lt: '2026-01-01T00:00:00Z' } });
    expect(node).toEqual({
      kind: 'compare',
      field: 'created_at',
      op: 'lt',
      value: new Date('2026-01-01T00:00:00Z'),
    });
  });

  it('builds combinators', () => {
    const filter: FilterInput = { $or: [{ status: 'active' }, { $not: { employees: { $in: [1, 2] } } }] };
    expect(validateFilter(Account, filter)).toEqual({
      kind: 'or',
      nodes: [
        { kind: 'compare', field: 'status', op: 'eq', value: 'active' },
        { kind: 'not', node: { kind: 'in', field: 'employees', values: [1, 2], negate: false } },
      ],
    });
  });

  it('accepts $has on array fields and text operators on strings', () => {
    expect(
      validateFilter(Account, { tags: { $has: 'vip' }, name: { $icontains: 'ac', $startsWith: 'A' } }),
    ).toEqual({
      kind: 'and',
      nodes: [
        { kind: 'has', field: 'tags', value: 'vip' },
        {
          kind: 'and',
          nodes: [
            { kind: 'text', field: 'name', op: 'icontains', value: 'ac' },
            { kind: 'text', field: 'name', op: 'startsWith', value: 'A' },
          ],
        },
      ],
    });
  });

  it('refuses an unknown field, naming it', () => {
    expect(issuesOf(() => validateFilter(LabResult, { colour: 'red' }))).toEqual([
      "filters.colour: unknown field 'colour' on lab/AppLabResult",
    ]);
  });

  it('refuses an unknown operator', () => {
    expect(issuesOf(() => validateFilter(LabResult, { value: { $regex: '.*' } as never }))[0]).toMatch(
      /unknown operator '\$regex'/,
    );
  });

  it('refuses an unknown combinator', () => {
    expect(issuesOf(() => validateFilter(LabResult, { $nor: [] } as never))[0]).toMatch(
      /unknown combinator '\$nor'/,
    );
  });

  it('refuses values of the wrong type', () => {
    expect(issuesOf(() => validateFilter(LabResult, { value: 'seven' }))[0]).toMatch(
      /expected a finite number for 'value'/,
    );
    expect(issuesOf(() => validateFilter(Account, { employees: 1.5 }))[0]).toMatch(/expected an integer/);
    expect(issuesOf(() => validateFilter(Account, { status: 'deleted' }))[0]).toMatch(
      /one of active, inactive/,
    );
    expect(issuesOf(() => validateFilter(LabResult, { created_at: 'yesterday' }))[0]).toMatch(/ISO-8601/);
    expect(issuesOf(() => validateFilter(LabResult, { value: Number.NaN }))[0]).toMatch(/finite number/);
  });

  it('refuses operators that do not apply to the field kind', () => {
    expect(issuesOf(() => validateFilter(LabResult, { value: { $icontains: '7' } }))[0]).toMatch(
      /does not apply to 'value'/,
    );
    expect(issuesOf(() => validateFilter(Account, { tags: 'vip' }))[0]).toMatch(/does not apply to 'tags'/);
    expect(issuesOf(() => validateFilter(LabResult, { test_type: { $has: 'x' } }))[0]).toMatch(
      /does not apply/,
    );
  });

  it('refuses malformed operands', () => {
    expect(issuesOf(() => validateFilter(LabResult, { value: { $in: 7 as never } }))[0]).toMatch(
      /takes an array/,
    );
    expect(issuesOf(() => validateFilter(LabResult, { note: { $null: 'yes' as never } }))[0]).toMatch(
      /\$null takes true or false/,
    );
    expect(issuesOf(() => validateFilter(LabResult, { $or: { value: 1 } as never }))[0]).toMatch(
      /takes an array of filters/,
    );
  });

  it('reports every problem at once', () => {
    expect(issuesOf(() => validateFilter(LabResult, { a: 1, b: 2, value: 'x' }))).toHaveLength(3);
  });

  it('refuses absurdly deep nesting', () => {
    let filter: FilterInput = { value: 1 };
    for (let i = 0; i < 20; i++) filter = { $not: filter };
    expect(issuesOf(() => validateFilter(LabResult, filter))[0]).toMatch(/deeper than 16/);
  });

  it('refuses huge $in lists', () => {
    expect(
      issuesOf(() =>
        validateFilter(LabResult, { value: { $in: Array.from({ length: 10_001 }, (_, i) => i) } }),
      )[0],
    ).toMatch(/at most 10000 values/);
  });
});

describe('validateOrderBy', () => {
  it('parses ascending and descending keys', () => {
    expect(validateOrderBy(LabResult, ['-created_at', 'station_code'])).toEqual([
      { field: 'created_at', direction: 'desc' },
      { field: 'station_code', direction: 'asc' },
    ]);
  });

  it('refuses unknown and unorderable fields', () => {
    expect(issuesOf(() => validateOrderBy(LabResult, ['-nope']))[0]).toMatch(/unknown field 'nope'/);
    expect(issuesOf(() => validateOrderBy(Account, ['tags']))[0]).toMatch(/cannot order by 'tags'/);
  });
});

describe('validateSearchFields', () => {
  it('defaults to every text field', () => {
    expect(validateSearchFields(Account, undefined)).toEqual(['name', 'status']);
  });

  it('refuses non-text fields', () => {
    expect(issuesOf(() => validateSearchFields(LabResult, ['value']))[0]).toMatch(/not a text field/);
  });
});
