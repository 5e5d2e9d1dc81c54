import { apiErrors, woqlTermError } from './api-errors.js';
import { isLosslessNumber } from './exact-json.js';
import { compressDatatype, type IriContext } from './iri-context.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-types.js';
import { type ArithExpr, BINARY_ARITHMETIC } from './woql-arithmetic.js';
import type { OrderTemplate, PathPattern, Query, ValueExpr } from './woql-ast.js';
import { KNOWN_WOQL_TYPES } from './woql-known-types.js';
import { literal, node, type Term } from './woql-terms.js';
import { CastError, castToXsd } from './xsd-types.js';

type PathStep = string | number;
type NodeResolution = 'instance' | 'schema';

const NOT_WELL_FORMED = 'Not well formed WOQL JSON-LD';

/** Translates the WOQL JSON-LD the client sends into the emulator's query tree. */
export function parseWoql(json: JsonValue, iri: IriContext): Query {
  return new WoqlParser(iri).query(json, []);
}

class WoqlParser {
  constructor(private readonly iri: IriContext) {}

  query(json: JsonValue, path: PathStep[]): Query {
    if (!isJsonObject(json) || typeof json['@type'] !== 'string')
      throw apiErrors.woqlSyntaxError(json, path, NOT_WELL_FORMED);
    const type = json['@type'];
    const field = (name: string): JsonValue => {
      const value = json[name];
      if (value === undefined) throw apiErrors.woqlSyntaxError(json, [...path, name], NOT_WELL_FORMED);
      return value;
    };
    const sub = (name: string) => this.query(field(name), [...path, name]);
    const value = (name: string, resolution: NodeResolution = 'instance') =>
      this.value(field(name), resolution, [...path, name]);
    switch (type) {
      case 'And':
      case 'Or': {
        const key = type === 'And' ? 'and' : 'or';
        const items = field(key);
        if (!Array.isArray(items)) throw apiErrors.woqlSyntaxError(json, [...path, key], NOT_WELL_FORMED);
        return { type, queries: items.map((item, index) => this.query(item, [...path, key, index])) };
      }
      case 'Not':
      case 'Optional':
      case 'Once':
      case 'Immediately':
        return { type, query: sub('query') };
      case 'GroupBy':
        return {
          type,
          groupBy: this.variableNames(field('group_by'), [...path, 'group_by']),
          template: this.variableNames(field('template'), [...path, 'template']),
          grouped: value('grouped'),
          query: sub('query'),
        };
      case 'InRange':
        return { type, value: value('value'), start: value('start'), end: value('end') };
      case 'Like':
        return { type, left: value('left'), right: value('right'), similarity: value('similarity') };
      case 'Sum':
        return { type, list: value('list'), result: value('result') };
      case 'Eval':
        return {
          type,
          expression: this.arithmetic(field('expression'), [...path, 'expression']),
          result: this.arithmeticResult(field('result'), [...path, 'result']),
        };
      case 'True':
        return { type };
      case 'Triple':
        this.assertInstanceGraph(json, path);
        return {
          type,
          subject: value('subject'),
          predicate: value('predicate', 'schema'),
          object: value('object'),
        };
      case 'Path':
        return {
          type,
          subject: value('subject'),
          pattern: this.pathPattern(field('pattern'), [...path, 'pattern']),
          object: value('object'),
          path: json.path === undefined ? { kind: 'ignore' } : value('path'),
        };
      case 'Select':
      case 'Distinct':
        return {
          type,
          variables: this.variableNames(field('variables'), [...path, 'variables']),
          query: sub('query'),
        };
      case 'Limit':
      case 'Start': {
        const key = type === 'Limit' ? 'limit' : 'start';
        return { type, amount: this.count(field(key), [...path, key]), query: sub('query') };
      }
      case 'OrderBy':
        return {
          type,
          ordering: this.ordering(field('ordering'), [...path, 'ordering']),
          query: sub('query'),
        };
      case 'Count':
        return { type, query: sub('query'), count: value('count') };
      case 'Equals':
      case 'Less':
      case 'Greater':
      case 'Gte':
      case 'Lte':
        return { type, left: value('left'), right: value('right') };
      case 'Regexp':
        return { type, pattern: value('pattern'), string: value('string'), result: value('result') };
      case 'ReadDocument':
        return { type, identifier: value('identifier'), document: value('document') };
      case 'DeleteDocument':
        return { type, identifier: value('identifier') };
      case 'Length':
        return { type, list: value('list'), length: value('length') };
      case 'Member':
        return { type, member: value('member'), list: value('list') };
      case 'Dot':
        return { type, document: value('document'), field: value('field'), value: value('value') };
      case 'IsA':
        return { type, element: value('element'), class: value('type', 'schema') };
      case 'TypeOf':
        return { type, value: value('value'), valueType: value('type') };
      case 'Typecast':
        return { type, value: value('value'), valueType: value('type'), result: value('result') };
      default:
        if (KNOWN_WOQL_TYPES.has(type)) {
          throw apiErrors.woqlSyntaxError(
            json,
            path,
            `The TerminusDB emulator does not implement the WOQL node '${type}'`,
          );
        }
        throw apiErrors.woqlSyntaxError(json, path, NOT_WELL_FORMED);
    }
  }

  /** The emulator has one graph per database to query: the instance graph. */
  private assertInstanceGraph(json: JsonObject, path: PathStep[]): void {
    const graph = json.graph;
    if (graph === undefined) return;
    const name = isJsonObject(graph) ? graph['@value'] : graph;
    if (name !== 'instance' && name !== 'instance/main') {
      throw apiErrors.notSupportedByEmulator(
        `WOQL over the ${JSON.stringify(name)} graph (at ${path.join('/')})`,
      );
    }
  }

  value(json: JsonValue, resolution: NodeResolution, path: PathStep[]): ValueExpr {
    if (Array.isArray(json)) {
      return {
        kind: 'list',
        items: json.map((item, index) => this.value(item, resolution, [...path, index])),
      };
    }
    if (!isJsonObject(json)) throw apiErrors.woqlSyntaxError(json, path, NOT_WELL_FORMED);
    const type = json['@type'] ?? 'Value';
    if (type !== 'Value' && type !== 'NodeValue' && type !== 'DataValue') {
      throw apiErrors.woqlSyntaxError(json, path, NOT_WELL_FORMED);
    }
    if (typeof json.node === 'string')
      return { kind: 'const', term: node(this.resolveNode(json.node, resolution)) };
    if (json.variable !== undefined) {
      const name = isJsonObject(json.variable) ? json.variable['@value'] : json.variable;
      if (typeof name !== 'string' || name === '')
        throw woqlTermError(`bad_variable_name(${JSON.stringify(name)})`);
      return { kind: 'var', name };
    }
    if (json.data !== undefined) return { kind: 'const', term: dataTerm(json.data, path, json) };
    if (Array.isArray(json.list)) return this.value(json.list, resolution, [...path, 'list']);
    if (json.dictionary !== undefined) throw apiErrors.notSupportedByEmulator('WOQL dictionary templates');
    throw apiErrors.woqlSyntaxError(json, path, NOT_WELL_FORMED);
  }

  /** An `Eval` expression: arithmetic nodes over `ArithmeticValue`s. */
  private arithmetic(json: JsonValue, path: PathStep[]): ArithExpr {
    if (!isJsonObject(json)) throw apiErrors.woqlSyntaxError(json, path, NOT_WELL_FORMED);
    const type = json['@type'];
    const operand = (key: string) => this.arithmetic(json[key] ?? null, [...path, key]);
    if (type === 'ArithmeticValue' || type === 'Value' || type === 'DataValue') {
      return { op: 'value', value: this.value({ ...json, '@type': 'Value' }, 'instance', path) };
    }
    if (typeof type === 'string' && BINARY_ARITHMETIC.has(type)) {
      return { op: type as 'Plus', left: operand('left'), right: operand('right') };
    }
    if (type === 'Floor') return { op: 'Floor', argument: operand('argument') };
    if (typeof type === 'string' && KNOWN_WOQL_TYPES.has(type)) {
      throw apiErrors.woqlSyntaxError(
        json,
        path,
        `The TerminusDB emulator does not implement the WOQL node '${type}'`,
      );
    }
    throw apiErrors.woqlSyntaxError(json, path, NOT_WELL_FORMED);
  }

  /** Eval's result: an `ArithmeticValue` variable (or a plain value). */
  private arithmeticResult(json: JsonValue, path: PathStep[]): ValueExpr {
    const plain =
      isJsonObject(json) && json['@type'] === 'ArithmeticValue' ? { ...json, '@type': 'Value' } : json;
    return this.value(plain, 'instance', path);
  }

  private resolveNode(text: string, resolution: NodeResolution): string {
    const expanded = resolution === 'schema' ? this.iri.expandSchema(text) : this.iri.expandInstance(text);
    if (expanded === undefined) throw woqlTermError(`unresolvable_prefix(${JSON.stringify(text)})`);
    return expanded;
  }

  private pathPattern(json: JsonValue, path: PathStep[]): PathPattern {
    if (!isJsonObject(json)) throw apiErrors.woqlSyntaxError(json, path, NOT_WELL_FORMED);
    const list = (key: string): PathPattern[] => {
      const items = json[key];
      if (!Array.isArray(items) || items.length === 0)
        throw apiErrors.woqlSyntaxError(json, [...path, key], NOT_WELL_FORMED);
      return items.map((item, index) => this.pathPattern(item, [...path, key, index]));
    };
    const inner = (key: string) => this.pathPattern(json[key] ?? null, [...path, key]);
    switch (json['@type']) {
      case 'PathPredicate':
      case 'InversePathPredicate': {
        const predicate = json.predicate;
        return {
          kind: 'predicate',
          predicate: typeof predicate === 'string' ? this.resolveNode(predicate, 'schema') : undefined,
          inverse: json['@type'] === 'InversePathPredicate',
        };
      }
      case 'PathSequence':
        return list('sequence').reduceRight((rest, first) => ({ kind: 'sequence', first, rest }));
      case 'PathOr':
        return list('or').reduceRight((right, left) => ({ kind: 'or', left, right }));
      case 'PathPlus':
        return { kind: 'plus', pattern: inner('plus') };
      case 'PathStar':
        return { kind: 'star', pattern: inner('star') };
      case 'PathTimes':
        return {
          kind: 'times',
          pattern: inner('times'),
          from: this.count(json.from ?? null, [...path, 'from']),
          to: this.count(json.to ?? null, [...path, 'to']),
        };
      default:
        throw apiErrors.woqlSyntaxError(json, path, NOT_WELL_FORMED);
    }
  }

  private variableNames(json: JsonValue, path: PathStep[]): string[] {
    if (!Array.isArray(json)) throw apiErrors.woqlSyntaxError(json, path, NOT_WELL_FORMED);
    return json.map((item, index) => {
      const name = isJsonObject(item) ? (item['@value'] ?? item.variable) : item;
      if (typeof name !== 'string') throw apiErrors.woqlSyntaxError(item, [...path, index], NOT_WELL_FORMED);
      return name;
    });
  }

  private ordering(json: JsonValue, path: PathStep[]): OrderTemplate[] {
    if (!Array.isArray(json)) throw apiErrors.woqlSyntaxError(json, path, NOT_WELL_FORMED);
    return json.map((item, index) => {
      if (
        !isJsonObject(item) ||
        typeof item.variable !== 'string' ||
        (item.order !== 'asc' && item.order !== 'desc')
      ) {
        throw apiErrors.woqlSyntaxError(item, [...path, index], NOT_WELL_FORMED);
      }
      return { variable: item.variable, order: item.order };
    });
  }

  /** A non-negative integer given as a number, numeric text, or a typed literal. */
  private count(json: JsonValue, path: PathStep[]): number {
    const raw = isJsonObject(json) ? json['@value'] : json;
    const number = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) {
      throw apiErrors.woqlSyntaxError(json, path, NOT_WELL_FORMED);
    }
    return number;
  }
}

/** A WOQL `data` value: typed literals are cast to their type; bare JSON gets the server's default types. */
function dataTerm(data: JsonValue, path: PathStep[], owner: JsonObject): Term {
  if (typeof data === 'string') return literal('xsd:string', data);
  if (typeof data === 'number' || isLosslessNumber(data)) return literal('xsd:decimal', data);
  if (typeof data === 'boolean') return literal('xsd:boolean', data);
  if (isJsonObject(data) && typeof data['@type'] === 'string' && data['@value'] !== undefined) {
    const type = compressDatatype(data['@type']);
    try {
      return literal(type, castToXsd(data['@value'] as JsonValue, type));
    } catch (error) {
      if (error instanceof CastError) throw apiErrors.badCast(error.value, type);
      throw error;
    }
  }
  if (isJsonObject(data) && data['@language'] !== undefined) {
    throw apiErrors.notSupportedByEmulator('language-tagged strings in WOQL');
  }
  throw apiErrors.woqlSyntaxError(owner, path, NOT_WELL_FORMED);
}
