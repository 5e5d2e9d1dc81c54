import { describe, expect, it } from 'vitest';
import { decode, decodeIsonl, IsonDecodeError } from '../src/index.js';

function errorOf(read: () => unknown): IsonDecodeError {
  try {
    read();
  } catch (error) {
    if (error instanceof IsonDecodeError) return error;
    throw error;
  }
  throw new Error('expected an IsonDecodeError');
}

describe('decode errors say where and what', () => {
  it('names a row with more values than fields, pointing at the first extra value', () => {
    const error = errorOf(() => decode('table.t\na b\n1 2 3'));
    expect(error).toMatchObject({ line: 3, column: 5 });
    expect(error.message).toBe(
      'line 3, column 5: the row has 3 values but table.t has 2 fields (first extra value: "3")',
    );
  });

  it('names a quoted value that is never closed', () => {
    const error = errorOf(() => decode('table.t\na b\n1 "open'));
    expect(error).toMatchObject({ line: 3, column: 3 });
    expect(error.reason).toContain('not closed');
  });

  it('names a line ending inside an escape', () => {
    expect(errorOf(() => decode('table.t\na\n"x\\'))).toMatchObject({ line: 3, column: 3 });
  });

  it('names text run on after a closing quote', () => {
    expect(errorOf(() => decode('table.t\na b\n"x"y 1'))).toMatchObject({ line: 3, column: 4 });
  });

  it('names a header without a dot', () => {
    expect(errorOf(() => decode('\n\nusers\nid\n1')).message).toBe(
      'line 3, column 1: expected a block header such as \'table.users\', found "users"',
    );
  });

  it('names an unknown block kind', () => {
    expect(errorOf(() => decode('meta.info\nv\n1')).reason).toContain("unknown block kind 'meta'");
  });

  it('names an unquoted kind.name value in a one-column table, which reads as a new block', () => {
    const error = errorOf(() => decode('table.t\nlabel\nfoo.bar'));
    expect(error).toMatchObject({ line: 3 });
    expect(error.reason).toContain('must be quoted');
  });

  it('names a header whose name holds a space', () => {
    expect(errorOf(() => decode('table.my users\nid'))).toMatchObject({ line: 1 });
  });

  it('names a duplicate field', () => {
    expect(errorOf(() => decode('table.t\nid name id\n1 a 2')).message).toBe(
      "line 2, column 1: fields 'id' appears twice",
    );
  });

  it('names a field clashing with a dotted field', () => {
    expect(errorOf(() => decode('table.t\nowner owner.name\nx y')).reason).toContain(
      "'owner' and 'owner.name' clash",
    );
  });

  it('names a quoted field name', () => {
    expect(errorOf(() => decode('table.t\nid "first name"\n1 a'))).toMatchObject({ line: 2, column: 4 });
  });

  it('names a field with an empty type annotation', () => {
    expect(errorOf(() => decode('table.t\nid:\n1'))).toMatchObject({ line: 2, column: 1 });
  });

  it('names rows that follow a summary line', () => {
    expect(errorOf(() => decode('table.t\na\n1\n---\ntotal 1\n2'))).toMatchObject({ line: 6 });
  });

  it('counts lines with CRLF endings the same way', () => {
    expect(errorOf(() => decode('table.t\r\na\r\n1 2'))).toMatchObject({ line: 3, column: 3 });
  });

  it('names an ISONL line without three sections', () => {
    expect(errorOf(() => decodeIsonl('table.t|a|1\ntable.t|a')).message).toBe(
      "line 2, column 1: an ISONL line has three sections, 'kind.name|fields|values'; this one has 2",
    );
  });

  it('gives ISONL value errors the column within the whole line', () => {
    expect(errorOf(() => decodeIsonl('table.t|a b|1 2 3'))).toMatchObject({ line: 1, column: 17 });
  });
});
