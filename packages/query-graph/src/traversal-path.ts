import { quoteInput, ValidationError } from '@sqh/core/spi';

/** One step of a traversal path: a relation name, followed between `min` and `max` times. */
export interface PathStep {
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

/** The deepest walk any query may ask for: each hop adds goals to the one request. */
const MAX_DEPTH_LIMIT = 8;
/** The most distinct hop sequences one traversal may expand to. */
export const MAX_WALK_SHAPES = 512;

const STEP = /^([A-Za-z][A-Za-z0-9_]*)([+*]?)$/;

/** Parses `contacts/opportunities` or `reportsTo+/account`. */
export function parseTraversalPath(path: unknown): PathStep[] {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new ValidationError('path must name at least one relation, e.g. "contacts/opportunities"', [
      { path: ['path'], message: 'expected relation names separated by /' },
    ]);
  }
  return path.split('/').map((text, index) => {
    const match = STEP.exec(text.trim());
    if (!match) {
      throw new ValidationError(`path step ${index + 1} (${quoteInput(text)}) is not a relation name`, [
        {
          path: ['path', index],
          message: 'a step is a name of letters, digits and _, optionally ending in + or *',
        },
      ]);
    }
    const marker = match[2];
    return {
      name: match[1] as string,
      min: marker === '*' ? 0 : 1,
      max: marker === '' ? 1 : Number.POSITIVE_INFINITY,
    };
  });
}

/** The default depth: enough for every step once. */
export function defaultDepth(steps: readonly PathStep[]): number {
  return steps.reduce((sum, step) => sum + Math.max(step.min, 1), 0);
}

/** Checks a depth-like option: an integer from `min` to MAX_DEPTH_LIMIT. */
export function checkDepth(value: unknown, name: string, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_DEPTH_LIMIT) {
    throw new ValidationError(`${name} must be an integer from ${min} to ${MAX_DEPTH_LIMIT}`, [
      { path: [name], message: `got ${String(value)}` },
    ]);
  }
  return value;
}

/**
 * Every sequence of relation names the steps allow within `maxDepth` hops (at least one hop),
 * shortest first.
 */
export function expandSteps(steps: readonly PathStep[], maxDepth: number): string[][] {
  const shapes: string[][] = [];
  const visit = (index: number, sofar: string[]): void => {
    if (shapes.length > MAX_WALK_SHAPES) return;
    if (index === steps.length) {
      if (sofar.length > 0) shapes.push(sofar);
      return;
    }
    const step = steps[index] as PathStep;
    const room = maxDepth - sofar.length - steps.slice(index + 1).reduce((sum, next) => sum + next.min, 0);
    for (let times = step.min; times <= Math.min(step.max, room); times++) {
      visit(index + 1, [...sofar, ...Array.from({ length: times }, () => step.name)]);
    }
  };
  visit(0, []);
  if (shapes.length > MAX_WALK_SHAPES) {
    throw new ValidationError(
      `the path expands to more than ${MAX_WALK_SHAPES} walk shapes; lower maxDepth`,
      [{ path: ['maxDepth'], message: 'too many repetitions' }],
    );
  }
  const minimum = steps.reduce((sum, step) => sum + step.min, 0);
  if (shapes.length === 0) {
    throw new ValidationError(
      `the path needs at least ${Math.max(minimum, 1)} hops but maxDepth is ${maxDepth}`,
      [{ path: ['maxDepth'], message: `at least ${Math.max(minimum, 1)}` }],
    );
  }
  return shapes.sort((a, b) => a.length - b.length);
}
