import { pgBackend } from '@sqh/backend-pg';
import { terminusBackend } from '@sqh/backend-terminus';
import { createSqh, type Sqh } from '@sqh/core';
import { memoryBackend } from '@sqh/example-backend-memory';
import { isonPlugin } from '@sqh/ison';
import { graphQueryPlugin } from '@sqh/query-graph';
import { pgQueryPlugin } from '@sqh/query-pg';
import { demoAccessPlugin } from './demo-access.js';
import { demoModels } from './demo-models.js';

export interface DemoStores {
  readonly postgresUrl: string;
  /** The shared reference database (SQH_SHARED_DATABASE); sqh_shared_reference by default. */
  readonly sharedDatabase?: string | undefined;
  readonly terminus: {
    readonly url: string;
    readonly user: string;
    readonly key: string;
    readonly organization?: string;
  };
}

/** Every plugin the project has, composed the way a platform team would. */
export function composeDemo(stores: DemoStores): Promise<Sqh> {
  return createSqh({
    plugins: [
      pgBackend({
        url: stores.postgresUrl,
        ...(stores.sharedDatabase ? { sharedDatabase: stores.sharedDatabase } : {}),
      }),
      terminusBackend({
        url: stores.terminus.url,
        user: stores.terminus.user,
        key: stores.terminus.key,
        ...(stores.terminus.organization ? { organization: stores.terminus.organization } : {}),
      }),
      memoryBackend(),
      pgQueryPlugin(),
      graphQueryPlugin(),
      demoAccessPlugin(),
      isonPlugin(),
    ],
    models: demoModels,
  });
}
