// A user still on zod 3 gets an error that names the zod version sqh needs.
import { defineModel } from '@sqh/core';
import { z } from 'zod';

try {
  defineModel({ group: 'lab', name: 'Sample', schema: z.object({ value: z.number() }) });
  throw new Error('defineModel accepted a zod 3 schema');
} catch (error) {
  if (!/zod 4/.test(String(error?.message))) throw error;
  console.log(`zod 3 refused: ${error.message}`);
}
