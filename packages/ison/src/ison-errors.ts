/** Base class of every error this package throws. */
export class IsonError extends Error {
  override name = 'IsonError';
}

/** Text that is not valid ISON or ISONL; says where (1-based line and column) and what is wrong. */
export class IsonDecodeError extends IsonError {
  override name = 'IsonDecodeError';
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(reason: string, line: number, column: number) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

export type IsonEncodeErrorCode =
  /** A block kind or name that has no unambiguous spelling (whitespace, a control character, ...). */
  | 'INVALID_BLOCK_NAME'
  /** A field name that has no unambiguous spelling (whitespace, `:`, `|`, leading `#`, ...). */
  | 'INVALID_FIELD_NAME'
  /** A reference whose id or type would split the row or read back differently. */
  | 'INVALID_REFERENCE'
  /** A summary line that would not read back as itself. */
  | 'INVALID_SUMMARY'
  /** A value that cannot be written at all, such as a cyclic object. */
  | 'UNREPRESENTABLE_VALUE'
  /** A streamed row that does not fit the header already written. */
  | 'ROW_DOES_NOT_FIT_HEADER';

/** Input that cannot be written as ISON; `code` names the cause (the corpus's error tokens included). */
export class IsonEncodeError extends IsonError {
  override name = 'IsonEncodeError';
  readonly code: IsonEncodeErrorCode;

  constructor(code: IsonEncodeErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
