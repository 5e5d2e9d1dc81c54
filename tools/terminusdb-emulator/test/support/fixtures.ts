import type { WOQLClient } from 'terminusdb';

/** A small schema exercising every key strategy, field kind and an enum. */
export const DOCUMENT_SCHEMA = [
  {
    '@type': 'Class',
    '@id': 'Person',
    '@key': { '@type': 'Lexical', '@fields': ['name'] },
    name: 'xsd:string',
    age: { '@type': 'Optional', '@class': 'xsd:integer' },
    nicknames: { '@type': 'Set', '@class': 'xsd:string' },
    friends: { '@type': 'Set', '@class': 'Person' },
    address: { '@type': 'Optional', '@class': 'Address' },
  },
  {
    '@type': 'Class',
    '@id': 'Address',
    '@subdocument': [],
    '@key': { '@type': 'Random' },
    street: 'xsd:string',
    city: 'xsd:string',
  },
  {
    '@type': 'Class',
    '@id': 'Fingerprint',
    '@key': { '@type': 'Hash', '@fields': ['owner', 'finger'] },
    owner: 'xsd:string',
    finger: 'xsd:integer',
  },
  { '@type': 'Class', '@id': 'Note', '@key': { '@type': 'Random' }, text: 'xsd:string' },
  { '@type': 'Class', '@id': 'Tag', label: 'xsd:string' },
  { '@type': 'Class', '@id': 'Snapshot', '@key': { '@type': 'ValueHash' }, content: 'xsd:string' },
  { '@type': 'Enum', '@id': 'Status', '@value': ['open', 'closed'] },
  {
    '@type': 'Class',
    '@id': 'Ticket',
    '@key': { '@type': 'Lexical', '@fields': ['code'] },
    code: 'xsd:string',
    status: 'Status',
    steps: { '@type': 'List', '@class': 'xsd:string' },
    amount: 'xsd:decimal',
    urgent: 'xsd:boolean',
    due: { '@type': 'Optional', '@class': 'xsd:dateTime' },
  },
];

export async function createDatabaseWithSchema(
  client: WOQLClient,
  name: string,
  schema: object[],
): Promise<void> {
  await client.createDatabase(name, { label: name, comment: 'terminusdb-emulator test', schema: true });
  await client.addDocument(schema, { graph_type: 'schema' }, name, 'schema');
}
