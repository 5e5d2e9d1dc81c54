import type { BackendInitialization, LifecycleOptions, StorageBackendProtocol } from './backend-protocol.js';

export interface BackendInitializationReport extends BackendInitialization {
  readonly backend: string;
}

/** What `sqh.initialize()` did, backend by backend. */
export interface PlatformInitialization {
  /** Backends that set up shared state (e.g. the shared reference database). */
  readonly backends: readonly BackendInitializationReport[];
  /** `backend: extension` for every extension a server lacks, e.g. ['postgresql: postgis']. */
  readonly missing: readonly string[];
}

/** Runs every backend's `initialize`, one after the other; a backend without one has nothing to set up. */
export async function initializeBackends(
  backends: readonly StorageBackendProtocol[],
  options: LifecycleOptions,
): Promise<PlatformInitialization> {
  const reports: BackendInitializationReport[] = [];
  for (const backend of backends) {
    if (!backend.initialize) continue;
    options.signal?.throwIfAborted();
    reports.push({ backend: backend.key, ...(await backend.initialize(options)) });
  }
  return {
    backends: reports,
    missing: reports.flatMap((report) => report.missing.map((name) => `${report.backend}: ${name}`)),
  };
}
