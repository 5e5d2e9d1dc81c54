import type { WOQLClient, WOQLQuery } from 'terminusdb';

export type Binding = Record<string, unknown>;

/** The bindings of a WOQL query. */
export async function bindingsOf(client: WOQLClient, query: WOQLQuery): Promise<Binding[]> {
  const response = await client.query(query);
  return response.bindings as Binding[];
}

/** One variable's values across all bindings, as JSON text, sorted: for order-free comparisons. */
export async function valuesOf(client: WOQLClient, query: WOQLQuery, variable: string): Promise<string[]> {
  return (await bindingsOf(client, query)).map((binding) => JSON.stringify(binding[variable])).sort();
}

export const str = (value: string) => ({ '@type': 'xsd:string', '@value': value });
export const dec = (value: number) => ({ '@type': 'xsd:decimal', '@value': value });
export const int = (value: number) => ({ '@type': 'xsd:integer', '@value': value });
export const sorted = (values: unknown[]): string[] => values.map((value) => JSON.stringify(value)).sort();
