/** One HTTP request the emulator received. */
export interface RequestRecord {
  readonly method: string;
  /** The URL path without the query string, e.g. `/api/document/admin/crm`. */
  readonly path: string;
  /** The raw query string without the leading `?` (empty when there is none). */
  readonly query: string;
}

/** Every request in arrival order, so tests can count HTTP round trips per operation. */
export class RequestLog {
  private records: RequestRecord[] = [];

  record(method: string, url: string): void {
    const queryStart = url.indexOf('?');
    this.records.push({
      method,
      path: queryStart === -1 ? url : url.slice(0, queryStart),
      query: queryStart === -1 ? '' : url.slice(queryStart + 1),
    });
  }

  all(): readonly RequestRecord[] {
    return [...this.records];
  }

  count(): number {
    return this.records.length;
  }

  reset(): void {
    this.records = [];
  }
}
