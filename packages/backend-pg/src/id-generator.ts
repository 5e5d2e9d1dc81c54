import { uuidv7 } from 'uuidv7';

/**
 * An id for a record the caller gave none: a UUIDv7, so ids sort by creation
 * time and new rows land at the right edge of the primary-key index instead of
 * at random pages.
 */
export function newRecordId(): string {
  return uuidv7();
}
