import { randomUUID } from 'node:crypto';

/** The default `@base` of a TerminusDB database: full instance IRIs start with it. */
const INSTANCE_BASE = 'terminusdb:///data/';

/**
 * The hidden property every document carries with its record id as plain text.
 * Records show ids exactly as callers chose them, and core orders and filters
 * ids by code point; the percent-encoded IRI keeps neither, so ordering, id
 * filters and reading the id use this literal. A model may not declare a field
 * of this name (the class mapping refuses it).
 */
export const RECORD_ID_PROPERTY = '_sqh_id';

/**
 * The record id an input denotes. Inputs may carry the class prefix, as the
 * document ids in graph query results do: `AppCRMAccount/acme-123` (with a
 * canonically percent-encoded suffix) denotes the record `acme-123` of class
 * AppCRMAccount. Any other text is the record id itself.
 */
export function recordIdFrom(className: string, id: string): string {
  const prefix = `${className}/`;
  if (!id.startsWith(prefix)) return id;
  const suffix = id.slice(prefix.length);
  const decoded = decodeSuffix(suffix);
  return decoded !== undefined && encodeURIComponent(decoded) === suffix ? decoded : id;
}

/** The document id (`AppCRMAccount/acme-123`) of a record id: the class, then the id percent-encoded. */
export function documentIdOf(className: string, recordId: string): string {
  return `${className}/${encodeURIComponent(recordId)}`;
}

/** The document id an input id denotes (see recordIdFrom). */
export function documentIdFor(className: string, id: string): string {
  return documentIdOf(className, recordIdFrom(className, id));
}

/** A record id for a record created without one. */
export function newRecordId(): string {
  return randomUUID();
}

/**
 * The record id inside a document id (full or relative to `@base`), for links
 * and documents that lack the hidden id property.
 */
export function recordIdOfDocument(documentId: string): string {
  const relative = documentId.startsWith(INSTANCE_BASE) ? documentId.slice(INSTANCE_BASE.length) : documentId;
  const suffix = relative.slice(relative.indexOf('/') + 1);
  return decodeSuffix(suffix) ?? suffix;
}

function decodeSuffix(suffix: string): string | undefined {
  if (suffix === '') return undefined;
  try {
    return decodeURIComponent(suffix);
  } catch {
    return undefined;
  }
}
