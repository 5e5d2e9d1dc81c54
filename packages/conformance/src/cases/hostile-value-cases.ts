import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../conformance-context.js';
import { expectValidationIssue, idsOf } from '../expectations.js';

/** Text that breaks a backend which splices values into SQL, WOQL, JSON-LD, LIKE patterns or IRIs. */
const HOSTILE_TEXT = [
  { label: 'SQL injection', value: "'; DROP TABLE records; --" },
  { label: 'SQL injection with double quotes', value: 'Robert"); DELETE FROM users WHERE ("1"="1' },
  { label: 'quotes and backslashes', value: `O'Reilly \\"quoted\\" \\\\ and a lone \\` },
  { label: 'LIKE and regex metacharacters', value: '%_%\\%\\_ [a-z]* ^$ .+? (a|b)' },
  { label: 'PostgreSQL parameters, dollar quotes and casts', value: "$1 $$ $tag$ ::text E'\\x41'" },
  { label: 'JSON-LD keys', value: '{"@type": "Triple", "@id": "terminusdb:///data/Doc/1"}' },
  { label: 'WOQL-looking text', value: 'v:Subject triple(v:S, "rdf:type", "owl:Thing")' },
  { label: 'markup', value: '<script>alert(1)</script>&amp;' },
  { label: 'line breaks and tabs', value: 'line one\nline two\r\n\ttabbed\u2028separator' },
  { label: 'leading and trailing spaces', value: '  spaced  ' },
  { label: 'control characters other than NUL', value: 'bell\u0007 escape\u001b delete\u007f' },
  { label: 'the word null', value: 'null' },
  { label: 'the word NULL', value: 'NULL' },
  { label: 'mixed scripts and emoji', value: 'ünïcödé 😀 漢字 עברית 👩‍👩‍👧' },
  { label: 'a long text', value: 'long text ✓ '.repeat(2_000) },
];

/** Ids that must survive as exact strings, whatever a backend turns ids into (keys, IRIs, file names). */
const HOSTILE_IDS = [
  "'; drop table records; --",
  'a/b/../c',
  'x"y\\z',
  'id with spaces',
  'ünïcödé-😀',
  '%_*?',
  'terminusdb:///data/Doc/1',
  '?a=1&b=2#fragment',
  '@id',
];

export function hostileValueCases(ctx: ConformanceContext): void {
  describe('hostile values', () => {
    const rows = () => ctx.client(ctx.models.hostileRow);

    for (const { label, value } of HOSTILE_TEXT) {
      it(`stores and returns ${label} exactly`, async () => {
        const created = await rows().create({ text: value, tags: [value], attributes: { value } });
        const expected = { id: created.id, text: value, tags: [value], attributes: { value } };
        expect(created).toStrictEqual(expected);
        expect(await rows().get(created.id)).toStrictEqual(expected);
      });

      it(`finds ${label} by equality, and only equal text`, async () => {
        const created = await rows().create({ text: value, tags: [], attributes: {} });
        const found = await rows().list({ filters: { text: value }, limit: 1_000 });
        expect(idsOf(found)).toContain(created.id);
        expect(found.every((record) => record.text === value)).toBe(true);
      });
    }

    it('stores hostile text through batchCreate exactly', async () => {
      const input = HOSTILE_TEXT.map(({ value }) => ({
        text: value,
        tags: [value, value],
        attributes: { value },
      }));
      const { records } = await rows().batchCreate(input);
      expect(records.map(({ id: _id, ...fields }) => fields)).toStrictEqual(input);
      for (const record of records) expect(await rows().get(record.id)).toStrictEqual(record);
    });

    it('stores object keys that look like syntax', async () => {
      const attributes = {
        "'; drop": 'a',
        '@id': 'b',
        'a.b': 'c',
        $where: 'd',
        '': 'empty key',
        'k"\\': 'e',
      };
      const created = await rows().create({ text: 'hostile keys', tags: [], attributes });
      expect((await rows().get(created.id))?.attributes).toStrictEqual(attributes);
    });

    for (const id of HOSTILE_IDS) {
      it(`uses ${JSON.stringify(id)} as an id for get, filter, update and delete`, async () => {
        await rows().create({ id, text: 'hostile id', tags: [], attributes: {} });
        expect((await rows().get(id))?.id).toBe(id);
        expect(idsOf(await rows().list({ filters: { id } }))).toStrictEqual([id]);
        expect((await rows().update(id, { text: 'updated' })).text).toBe('updated');
        expect(await rows().delete(id)).toBe(true);
        expect(await rows().get(id)).toBeNull();
      });
    }

    it('refuses a NUL character in a text value', async () => {
      await expectValidationIssue(rows().create({ text: 'a\u0000b', tags: [], attributes: {} }), ['text']);
    });

    it('refuses a NUL character inside an array, an object or a patch', async () => {
      await expectValidationIssue(rows().create({ text: 'ok', tags: ['fine', 'a\u0000'], attributes: {} }), [
        'tags',
        1,
      ]);
      await expectValidationIssue(rows().create({ text: 'ok', tags: [], attributes: { key: '\u0000' } }), [
        'attributes',
        'key',
      ]);
      const created = await rows().create({ text: 'ok', tags: [], attributes: {} });
      await expectValidationIssue(rows().update(created.id, { text: '\u0000' }), ['text']);
    });

    it('refuses a NUL character in a filter value or search text', async () => {
      await expectValidationIssue(rows().list({ filters: { text: { $startsWith: '\u0000' } } }), [
        'filters',
        'text',
        '$startsWith',
      ]);
      await expectValidationIssue(rows().search('\u0000'), ['text']);
    });

    it('refuses text that is not well-formed Unicode (a lone surrogate)', async () => {
      await expectValidationIssue(rows().create({ text: 'broken \uD800 pair', tags: [], attributes: {} }), [
        'text',
      ]);
    });

    it('refuses an id holding a control character, on create and on get', async () => {
      await expectValidationIssue(rows().create({ id: 'a\u0000b', text: 'x', tags: [], attributes: {} }), [
        'id',
      ]);
      await expectValidationIssue(rows().get('line\nbreak'), ['id']);
    });
  });
}
