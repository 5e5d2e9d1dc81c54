import type { Sqh } from '@sqh/core';
import { GRAPH_QUERY } from '@sqh/query-graph';
import { renderTable } from './console-table.js';
import type { DemoPeople } from './demo-access.js';
import { heading, say, show } from './say.js';

/** The epic's walk: from an account, through its contacts, to their opportunities — one WOQL request. */
export async function runGraphTraversalScenario(
  sqh: Sqh,
  tenantId: string,
  people: DemoPeople,
): Promise<void> {
  heading('Graph traversal on TerminusDB (@sqh/query-graph)');
  const graph = sqh.get(GRAPH_QUERY);
  const reached = await graph.traverse(
    tenantId,
    'crm',
    'AppCRMAccount',
    { startId: 'acme', path: 'contacts/opportunities', withPaths: true },
    { access: people.north },
  );
  say(
    'acme → contacts → opportunities (contacts point at their account; the walk goes back along that link):',
  );
  show(
    renderTable(
      reached.nodes.map((node) => node.record),
      ['title', 'amount', 'stage', 'closes_at'],
    ),
  );
  for (const path of reached.paths ?? []) {
    say(`  via ${path.nodes.map((node) => `${node.model.split('/')[1]}/${node.id}`).join(' → ')}`);
  }
  const around = await graph.subgraph(
    tenantId,
    'crm',
    'AppCRMAccount',
    { rootId: 'acme', depth: 2 },
    { access: people.north, outputFormat: 'ison' },
  );
  say(
    `Its neighbourhood two steps out: ${around.nodes.length} records and ${around.edges.length} links; as ISON (edges are references a model can follow):`,
  );
  show(
    (around.ison ?? '')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(0, 14)
      .map((line) => `    ${line}`)
      .join('\n'),
  );
}
