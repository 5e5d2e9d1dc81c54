import type { FilterNode } from '@sqh/core/spi';
import { describe, expect, it } from 'vitest';
import { mapModel } from '../src/class-mapping.js';
import { filterToTemplate } from '../src/filter-to-template.js';
import { account } from './support/crm-models.js';

const mapping = mapModel(account, () => undefined);
const eq = (field: string, value: string | number | boolean | Date): FilterNode => ({
  kind: 'compare',
  field,
  op: 'eq',
  value,
});

describe('filter → query-by-template', () => {
  it('expresses equality on fields and ids as one template', () => {
    expect(
      filterToTemplate(
        { kind: 'and', nodes: [eq('id', 'acme 1'), eq('name', 'Acme'), eq('active', true)] },
        mapping,
      ),
    ).toStrictEqual({
      '@id': 'AppCRMAccount/acme%201',
      name: 'Acme',
      active: true,
    });
  });

  it('writes dates as ISO text, cast to xsd:dateTime by the server', () => {
    expect(filterToTemplate(eq('founded', new Date('2020-01-02T03:04:05.006Z')), mapping)).toStrictEqual({
      founded: '2020-01-02T03:04:05.006Z',
    });
  });

  it('expresses in and or as document-level @one-of', () => {
    expect(
      filterToTemplate({ kind: 'in', field: 'industry', values: ['tech', 'retail'], negate: false }, mapping),
    ).toStrictEqual({
      '@one-of': [{ industry: 'tech' }, { industry: 'retail' }],
    });
    expect(
      filterToTemplate({ kind: 'or', nodes: [eq('name', 'a'), eq('employees', 3)] }, mapping),
    ).toStrictEqual({
      '@one-of': [{ name: 'a' }, { employees: 3 }],
    });
  });

  it('uses @all when conditions cannot be merged into one template', () => {
    expect(
      filterToTemplate({ kind: 'and', nodes: [eq('name', 'a'), eq('name', 'b')] }, mapping),
    ).toStrictEqual({
      '@all': [{ name: 'a' }, { name: 'b' }],
    });
    expect(
      filterToTemplate(
        {
          kind: 'and',
          nodes: [eq('name', 'a'), { kind: 'in', field: 'employees', values: [1, 2], negate: false }],
        },
        mapping,
      ),
    ).toStrictEqual({ '@all': [{ name: 'a' }, { '@one-of': [{ employees: 1 }, { employees: 2 }] }] });
  });

  it('leaves everything else to WOQL', () => {
    const woqlOnly: FilterNode[] = [
      { kind: 'compare', field: 'employees', op: 'gt', value: 3 },
      { kind: 'compare', field: 'name', op: 'ne', value: 'a' },
      { kind: 'in', field: 'name', values: ['a'], negate: true },
      { kind: 'in', field: 'name', values: [], negate: false },
      { kind: 'not', node: eq('name', 'a') },
      { kind: 'null', field: 'industry', isNull: true },
      { kind: 'has', field: 'tags', value: 'x' },
      { kind: 'text', field: 'name', op: 'icontains', value: 'a' },
      { kind: 'and', nodes: [eq('name', 'a'), { kind: 'compare', field: 'employees', op: 'lt', value: 3 }] },
    ];
    for (const filter of woqlOnly) expect(filterToTemplate(filter, mapping)).toBeUndefined();
  });
});
