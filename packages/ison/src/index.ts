export type { IsonBlock, IsonBlockInput, IsonBlockKind, IsonField } from './block-types.js';
export type { DecodeOptions } from './decode-options.js';
export { decode } from './document-decoder.js';
export { encode, encodeBlocks, encodeBlocksIsonl, encodeIsonl, encodeObject } from './encode.js';
export type {
  EncodeOptions,
  EncodeRowsOptions,
  EncodeStreamOptions,
  FieldNamePolicy,
} from './encode-options.js';
export { isonFieldNames } from './field-name-mapping.js';
export { IsonDecodeError, IsonEncodeError, type IsonEncodeErrorCode, IsonError } from './ison-errors.js';
export { isonOutputFormat, isonPlugin } from './ison-plugin.js';
export { IsonReference } from './ison-reference.js';
export { decodeIsonl } from './isonl-decoder.js';
export { encodeStream } from './stream-encoder.js';
export type { IsonJson, IsonRecordInput, IsonRow, IsonScalar, IsonValue } from './value-types.js';
