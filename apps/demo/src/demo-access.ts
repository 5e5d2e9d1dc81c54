import {
  accessPlugin,
  buildAccessContext,
  buildPlatformContext,
  modelPolicy,
  type RoleTable,
  rbac,
  team,
} from '@sqh/access';
import type { AccessContext, SqhPlugin } from '@sqh/core';
import { Account, Contact, LabResult, Note, Opportunity, Station, StationAnnotation } from './demo-models.js';

/** What each role may do; `lab:read_all` lifts the team scope on lab results. */
export const DEMO_ROLES: RoleTable = {
  analyst: ['lab:read', 'crm:read', 'stations:read', 'notes:read', 'annotations:read', 'lab:query'],
  'lab-admin': ['lab:*', 'crm:*', 'stations:read', 'notes:*', 'annotations:*'],
};

/**
 * The water-quality platform's rules: lab results are read by the team that owns the
 * station (admins read all), everything else is plain RBAC. Models with no policy are denied.
 */
export function demoAccessPlugin(): SqhPlugin {
  return accessPlugin({
    roles: DEMO_ROLES,
    policies: [
      modelPolicy(
        LabResult,
        rbac({ read: 'lab:read', write: 'lab:write' }),
        team('team', { on: ['read'], bypass: 'lab:read_all' }),
      ),
      modelPolicy(StationAnnotation, rbac({ read: 'annotations:read', write: 'annotations:write' })),
      modelPolicy(Account, rbac({ read: 'crm:read', write: 'crm:write' })),
      modelPolicy(Contact, rbac({ read: 'crm:read', write: 'crm:write' })),
      modelPolicy(Opportunity, rbac({ read: 'crm:read', write: 'crm:write' })),
      modelPolicy(Station, rbac({ read: 'stations:read', write: 'stations:write' })),
      modelPolicy(Note, rbac({ read: 'notes:read', write: 'notes:write' })),
    ],
  });
}

/** The people of one tenant the demo acts as. */
export interface DemoPeople {
  /** Lab admin: writes and reads everything of the tenant. */
  readonly admin: AccessContext;
  /** Analysts of the north and south teams: read their own team's lab results. */
  readonly north: AccessContext;
  readonly south: AccessContext;
}

export function demoPeople(tenantId: string): DemoPeople {
  return {
    admin: buildAccessContext({ id: 'ada.admin', roles: ['lab-admin'] }, tenantId, DEMO_ROLES),
    north: buildAccessContext(
      { id: 'nora.north', teamIds: ['north'], roles: ['analyst'] },
      tenantId,
      DEMO_ROLES,
    ),
    south: buildAccessContext(
      { id: 'sam.south', teamIds: ['south'], roles: ['analyst'] },
      tenantId,
      DEMO_ROLES,
    ),
  };
}

/** The deploy job that loads public reference data: no tenant, explicit shared write permission. */
export const referenceLoader: AccessContext = buildPlatformContext('reference-loader', [
  'shared_reference:write',
]);
