import type { AccessContext } from './access-policy.js';
import type { Model } from './model.js';

/**
 * Emitted after a successful write so search indexes (Qdrant, Meilisearch...)
 * can project the record, whichever backend stores it.
 */
export interface ProjectionEvent {
  readonly operation: 'create' | 'update' | 'delete' | 'batchCreate';
  readonly tenantId: string | null;
  readonly groupSlug: string;
  readonly modelName: string;
  readonly model: Model;
  /** Ids written. Empty for a batchCreate that did not return its records. */
  readonly ids: readonly string[];
  /** Records written (create, update, batchCreate with returning). */
  readonly records: readonly Readonly<Record<string, unknown>>[];
  /** For batchCreate: how many rows were written. */
  readonly count: number;
  readonly access?: AccessContext;
}

export interface ProjectionSink {
  readonly name: string;
  handle(event: ProjectionEvent): void | Promise<void>;
}

/** Called when a sink fails; the write it followed has already succeeded. */
export type ProjectionErrorReporter = (error: unknown, sink: ProjectionSink, event: ProjectionEvent) => void;

export const reportProjectionErrorToConsole: ProjectionErrorReporter = (error, sink, event) => {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(
    `[sqh] projection sink '${sink.name}' failed after ${event.operation} on ${event.model.key}` +
      ` (${event.count} record${event.count === 1 ? '' : 's'}): ${reason}. The write itself succeeded; re-project these ids: ` +
      `${event.ids.slice(0, 10).join(', ')}${event.ids.length > 10 ? ', …' : ''}`,
  );
};
