import { defineModel, type StorageConfig } from '@sqh/core';
import { z } from 'zod';

/** Every field an access rule can read, each optional and nullable, so records can be hostile. */
export function specimenModel(storage: StorageConfig) {
  return defineModel({
    group: 'acl',
    name: 'Specimen',
    storage,
    schema: z.object({
      title: z.string(),
      owner: z.string().nullable().optional(),
      team: z.string().nullable().optional(),
      teams: z.array(z.string()).optional(),
      region: z.string().nullable().optional(),
      level: z.number().int().nullable().optional(),
      observed: z.date().nullable().optional(),
    }),
  });
}
