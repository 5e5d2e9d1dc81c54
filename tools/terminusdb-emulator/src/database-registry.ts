import { randomBytes } from 'node:crypto';
import { apiErrors } from './api-errors.js';
import { contextDocument, Database, schemaState } from './database.js';
import type { DatabasePrefixes } from './iri-context.js';

/**
 * All organisations and databases of one emulator. Organisations come into being with their
 * first database (the real server needs them created first).
 */
export class DatabaseRegistry {
  private readonly organizations = new Map<string, Map<string, Database>>();

  find(organization: string, name: string): Database | undefined {
    return this.organizations.get(organization)?.get(name);
  }

  create(
    organization: string,
    name: string,
    label: string,
    comment: string,
    prefixes: DatabasePrefixes,
  ): Database {
    if (this.find(organization, name) !== undefined)
      throw apiErrors.databaseAlreadyExists(organization, name);
    const context = contextDocument(prefixes.base, prefixes.schema, prefixes.extra);
    const database = new Database(
      {
        uri: `terminusdb://system/data/UserDatabase/${randomBytes(32).toString('hex')}`,
        organization,
        name,
        label,
        comment,
        createdAt: new Date().toISOString(),
      },
      schemaState(context, new Map()),
    );
    let databases = this.organizations.get(organization);
    if (databases === undefined) {
      databases = new Map();
      this.organizations.set(organization, databases);
    }
    databases.set(name, database);
    return database;
  }

  delete(organization: string, name: string): void {
    if (this.organizations.get(organization)?.delete(name) !== true) {
      throw apiErrors.unknownDatabase(organization, name);
    }
  }

  all(): Database[] {
    return [...this.organizations.values()].flatMap((databases) => [...databases.values()]);
  }
}
