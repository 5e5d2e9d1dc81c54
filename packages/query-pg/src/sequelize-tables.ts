import { type ColumnMapping, tableMapping } from '@sqh/backend-pg';
import type { Model } from '@sqh/core/spi';
import {
  type DataType,
  DataTypes,
  type ModelStatic,
  Sequelize,
  type Model as SequelizeModel,
} from 'sequelize';
import { TenantSequelizes } from './tenant-sequelize.js';

/** Sequelize's query generator; its public typings do not declare it. */
export interface QueryGenerator {
  selectQuery(
    tableName: string,
    options: Record<string, unknown>,
    model?: ModelStatic<SequelizeModel>,
  ): string;
  /** Renders one `fn`/`col`/`literal`/`cast` expression. */
  handleSequelizeMethod(expression: unknown): string;
}

/**
 * Sequelize models defined from sqh models (the epic's `_get_table`), the
 * PostgreSQL query generator that turns `fn`/`col`/`group`/`having` into SQL
 * (one dialect-level instance: generation needs no connection), and the
 * per-tenant instances that run the statements on connections leased from
 * backend-pg's engines, so from the global connection budget.
 */
export class SequelizeTables {
  readonly sequelize: Sequelize;
  /** The per-tenant instances statements run through, on connections from the budget. */
  readonly tenants = new TenantSequelizes();
  readonly #models = new Map<string, ModelStatic<SequelizeModel>>();

  constructor() {
    this.sequelize = new Sequelize({ dialect: 'postgres', logging: false });
  }

  get generator(): QueryGenerator {
    return (this.sequelize.getQueryInterface() as unknown as { queryGenerator: QueryGenerator })
      .queryGenerator;
  }

  /** The Sequelize model of an sqh model, defined on first use (with its relations as belongsTo). */
  modelOf(model: Model): ModelStatic<SequelizeModel> {
    const existing = this.#models.get(model.key);
    if (existing) return existing;
    const mapping = tableMapping(model);
    const attributes = Object.fromEntries(
      mapping.columns.map((column) => [
        column.name,
        {
          type: dataTypeOf(column),
          allowNull: column.nullable,
          primaryKey: mapping.primaryKey.includes(column.name),
        },
      ]),
    );
    const defined = this.sequelize.define(sequelizeName(model), attributes, {
      tableName: mapping.table,
      timestamps: false,
      freezeTableName: true,
    });
    this.#models.set(model.key, defined);
    return defined;
  }
}

/** Sequelize model names are table aliases in generated SQL: keep them plain. */
function sequelizeName(model: Model): string {
  return `${model.group.replace(/-/g, '_')}__${model.name}`;
}

function dataTypeOf(column: ColumnMapping): DataType {
  switch (column.kind) {
    case 'integer':
      return column.type === 'INTEGER' ? DataTypes.INTEGER : DataTypes.BIGINT;
    case 'number':
      return DataTypes.DOUBLE;
    case 'boolean':
      return DataTypes.BOOLEAN;
    case 'date':
      return DataTypes.DATE;
    case 'stringArray':
      return DataTypes.ARRAY(DataTypes.TEXT);
    case 'json':
      return DataTypes.JSONB;
    default:
      return DataTypes.TEXT;
  }
}
