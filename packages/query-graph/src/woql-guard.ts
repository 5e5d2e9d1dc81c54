import { quoteInput, ValidationError } from '@sqh/core/spi';

/** WOQL nodes that only read the tenant's own database. */
const READ_NODES = new Set([
  'And',
  'Or',
  'Not',
  'Optional',
  'Once',
  'Immediately',
  'True',
  'False',
  'Comment',
  'Triple',
  'Quad',
  'Path',
  'ReadDocument',
  'IsA',
  'TypeOf',
  'Subsumption',
  'Select',
  'Distinct',
  'Limit',
  'Start',
  'OrderBy',
  'OrderTemplate',
  'GroupBy',
  'Count',
  'Sum',
  'Length',
  'Member',
  'Dot',
  'Equals',
  'Less',
  'Greater',
  'Gte',
  'Lte',
  'InRange',
  'Like',
  'Regexp',
  'Typecast',
  'Eval',
  'Plus',
  'Minus',
  'Times',
  'Divide',
  'Div',
  'Exp',
  'Floor',
  'Concatenate',
  'Join',
  'Split',
  'Trim',
  'Upper',
  'Lower',
  'Pad',
  'Substring',
  'Value',
  'NodeValue',
  'DataValue',
  'ArithmeticValue',
  'PathPredicate',
  'InversePathPredicate',
  'PathSequence',
  'PathOr',
  'PathPlus',
  'PathStar',
  'PathTimes',
]);

/** WOQL nodes that change the tenant's data: run only with `readOnly: false` and the write permission. */
const WRITE_NODES = new Set([
  'AddTriple',
  'DeleteTriple',
  'AddQuad',
  'DeleteQuad',
  'AddLink',
  'DeleteLink',
  'AddData',
  'InsertDocument',
  'UpdateDocument',
  'DeleteDocument',
]);

/** Why some known nodes are never accepted: each reaches outside the tenant's database. */
const OUTSIDE: Readonly<Record<string, string>> = {
  Using: 'it reads another database or commit',
  Into: 'it writes into a graph it names',
  From: 'it reads a graph it names',
  Get: 'it reads files or URLs on the server',
  Put: 'it writes files on the server',
  Call: 'it runs a stored query',
  Size: 'it names a database resource',
  TripleCount: 'it names a database resource',
};

export interface WoqlInspection {
  readonly writes: readonly string[];
}

/**
 * Checks a raw WOQL query before it is sent: every node must be a known read (or, reported
 * back, a write); nodes that could reach outside the tenant's database, and unknown nodes,
 * are refused with a ValidationError naming the node and where it is.
 */
export function inspectWoql(query: unknown): WoqlInspection {
  const writes = new Set<string>();
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, [...path, index]);
      });
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Record<string, unknown>;
    // A typed literal (`{"@type": "xsd:string", "@value": ...}`) is data, not a query node.
    if ('@value' in node) return;
    const type = node['@type'];
    if (typeof type === 'string') {
      if (WRITE_NODES.has(type)) writes.add(type);
      else if (!READ_NODES.has(type)) {
        const reason = OUTSIDE[type] ?? 'woqlQuery does not accept it';
        throw new ValidationError(`woqlQuery refuses the WOQL node ${quoteInput(type)}: ${reason}`, [
          { path: ['query', ...path], message: `${quoteInput(type)} is not allowed` },
        ]);
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'data' || key === 'dictionary') continue;
      visit(child, [...path, key]);
    }
  };
  visit(query, []);
  return { writes: [...writes] };
}
