import { encode } from '@sqh/ison';
import { encode as encodeToon } from '@toon-format/toon';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { seededRandom } from './seeded-random.js';

// Token counts (o200k_base, the GPT-4o / o-series tokenizer) of the same
// generated result sets written as ISON, compact JSON, pretty JSON and TOON.
// Compact JSON is the baseline: ratios below 1 mean fewer tokens.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

type Row = Record<string, string | number | boolean | Date | null>;

function generator(seed: number) {
  const next = seededRandom(seed);
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    float: (min: number, max: number, digits: number) => Number((min + next() * (max - min)).toFixed(digits)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    /** A moment within `days` after `from`, rounded to `step` ms (a minute, a day, ...). */
    date: (from: string, days: number, step: number) =>
      new Date(Date.parse(from) + Math.floor((next() * days * DAY) / step) * step),
  };
}

const firstNames = [
  'Ada',
  'Alan',
  'Grace',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
  'John',
  'Margaret',
  'Ken',
];
const lastNames = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Backus',
  'Hamilton',
];

function labResults(count: number): Row[] {
  const g = generator(1);
  const tests = [
    { code: 'HBA1C', name: 'Hemoglobin A1c', unit: '%', low: 4, high: 5.6 },
    { code: 'LDL', name: 'LDL cholesterol', unit: 'mg/dL', low: 0, high: 100 },
    { code: 'CRP', name: 'C-reactive protein', unit: 'mg/L', low: 0, high: 3 },
    { code: 'TSH', name: 'Thyroid stimulating hormone', unit: 'mIU/L', low: 0.4, high: 4 },
    { code: 'GLU', name: 'Glucose, fasting', unit: 'mg/dL', low: 70, high: 99 },
  ];
  return Array.from({ length: count }, (_, index) => {
    const test = g.pick(tests);
    const value = g.float(test.low * 0.6, test.high * 1.5, 1);
    return {
      id: 100_000 + index,
      patient_id: `P${g.int(10_000, 99_999)}`,
      test_code: test.code,
      test_name: test.name,
      value,
      unit: test.unit,
      reference_range: `${test.low}-${test.high}`,
      flag: value > test.high ? 'H' : value < test.low ? 'L' : 'N',
      collected_at: g.date('2024-01-01T00:00:00Z', 365, MINUTE),
      lab: g.pick(['Quest Diagnostics', 'LabCorp', 'Mayo Clinic Labs']),
    };
  });
}

function crmAccounts(count: number): Row[] {
  const g = generator(2);
  const words = [
    'Acme',
    'Globex',
    'Initech',
    'Umbrella',
    'Stark',
    'Wayne',
    'Hooli',
    'Vandelay',
    'Soylent',
    'Tyrell',
  ];
  return Array.from({ length: count }, (_, index) => {
    const name = `${g.pick(words)} ${g.pick(['Corp', 'Industries', 'Labs', 'Group', 'Holdings'])}`;
    return {
      id: index + 1,
      name,
      industry: g.pick(['Manufacturing', 'Software', 'Healthcare', 'Retail', 'Financial Services']),
      country: g.pick(['US', 'DE', 'FR', 'GB', 'JP', 'BR']),
      city: g.pick(['New York', 'Berlin', 'Paris', 'London', 'Tokyo', 'São Paulo']),
      annual_revenue: g.int(100, 50_000) * 1000,
      employees: g.int(5, 20_000),
      owner_email: `${g.pick(firstNames).toLowerCase()}.${g.pick(lastNames).toLowerCase()}@example.com`,
      status: g.pick(['active', 'churned', 'prospect']),
      is_strategic: g.chance(0.2),
      created_at: g.date('2019-01-01T00:00:00Z', 1800, 1),
    };
  });
}

function aggregateReport(): Row[] {
  const g = generator(3);
  const rows: Row[] = [];
  for (const region of ['North America', 'EMEA', 'APAC', 'LATAM']) {
    for (const productLine of ['Hardware', 'Software', 'Services']) {
      for (const quarter of ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1']) {
        const orders = g.int(20, 900);
        rows.push({
          region,
          product_line: productLine,
          quarter,
          'count(*)': orders,
          'sum(revenue)': g.float(orders * 80, orders * 1200, 2),
          'avg(discount)': g.float(0, 0.35, 4),
          'max(order_date)': g.date('2024-01-01T00:00:00Z', 480, DAY),
        });
      }
    }
  }
  return rows;
}

function graphEdges(count: number): Row[] {
  const g = generator(4);
  return Array.from({ length: count }, () => ({
    source: g.int(1, 400),
    target: g.int(1, 400),
    relation: g.pick(['FOLLOWS', 'MEMBER_OF', 'REPORTS_TO', 'MENTIONS']),
    weight: g.float(0, 1, 3),
    since: g.date('2020-01-01T00:00:00Z', 1500, DAY),
  }));
}

function wideTable(count: number): Row[] {
  const g = generator(5);
  return Array.from({ length: count }, (_, index) => ({
    sku: `SKU-${10_000 + index}`,
    title: `${g.pick(['Ergonomic', 'Compact', 'Premium', 'Rugged'])} ${g.pick(['Desk Lamp', 'Office Chair', 'Keyboard', 'Monitor Arm'])}`,
    brand: g.pick(['Lumina', 'Ergotec', 'Keychron', 'Humanscale']),
    category: g.pick(['Lighting', 'Furniture', 'Peripherals']),
    price: g.float(19, 899, 2),
    currency: 'USD',
    in_stock: g.chance(0.8),
    stock_qty: g.int(0, 500),
    weight_kg: g.float(0.2, 25, 2),
    length_cm: g.int(5, 150),
    width_cm: g.int(5, 80),
    height_cm: g.int(2, 120),
    color: g.pick(['black', 'white', 'silver', 'walnut']),
    material: g.pick(['aluminium', 'steel', 'oak', 'ABS plastic']),
    rating: g.float(1, 5, 1),
    review_count: g.int(0, 4000),
    created_at: g.date('2021-01-01T00:00:00Z', 900, SECOND),
    updated_at: g.date('2024-01-01T00:00:00Z', 300, SECOND),
    supplier: g.pick(['Shenzhen Bright Co', 'Nordic Design AB', 'Acme Supply']),
    country_of_origin: g.pick(['CN', 'SE', 'US', 'DE']),
    tax_rate: g.pick([0.07, 0.19, 0.2]),
    discount: g.float(0, 0.3, 2),
    is_featured: g.chance(0.1),
    warranty_months: g.pick([12, 24, 36]),
    ean: String(g.int(100_000_000, 999_999_999)) + String(g.int(1000, 9999)),
    min_order_qty: g.pick([1, 5, 10]),
    lead_time_days: g.int(1, 45),
    shipping_class: g.pick(['standard', 'bulky', 'express']),
    status: g.pick(['active', 'discontinued', 'draft']),
    notes: g.chance(0.7) ? null : 'Ships in original packaging',
  }));
}

const datasets: readonly { readonly name: string; readonly rows: readonly Row[] }[] = [
  { name: 'lab_results', rows: labResults(150) },
  { name: 'crm_accounts', rows: crmAccounts(120) },
  { name: 'aggregate_report', rows: aggregateReport() },
  { name: 'graph_edges', rows: graphEdges(250) },
  { name: 'wide_30_columns', rows: wideTable(80) },
];

interface Counts {
  readonly ison: number;
  readonly compact: number;
  readonly pretty: number;
  readonly toon: number;
}

function countAll(name: string, rows: readonly Row[]): Counts {
  return {
    ison: countTokens(encode(rows, { name })),
    compact: countTokens(JSON.stringify(rows)),
    pretty: countTokens(JSON.stringify(rows, null, 2)),
    toon: countTokens(encodeToon(rows)),
  };
}

const ratio = (tokens: number, baseline: number) => (tokens / baseline).toFixed(2);
const header = [
  'dataset',
  'rows',
  'cols',
  'ISON',
  'JSON',
  'JSON pretty',
  'TOON',
  'ISON/JSON',
  'TOON/JSON',
  'pretty/JSON',
];
const table: string[][] = [];
const total = { ison: 0, compact: 0, pretty: 0, toon: 0 };
for (const { name, rows } of datasets) {
  const counts = countAll(name, rows);
  total.ison += counts.ison;
  total.compact += counts.compact;
  total.pretty += counts.pretty;
  total.toon += counts.toon;
  table.push([
    name,
    String(rows.length),
    String(Object.keys(rows[0] ?? {}).length),
    String(counts.ison),
    String(counts.compact),
    String(counts.pretty),
    String(counts.toon),
    ratio(counts.ison, counts.compact),
    ratio(counts.toon, counts.compact),
    ratio(counts.pretty, counts.compact),
  ]);
}
table.push([
  'total',
  '',
  '',
  String(total.ison),
  String(total.compact),
  String(total.pretty),
  String(total.toon),
  ratio(total.ison, total.compact),
  ratio(total.toon, total.compact),
  ratio(total.pretty, total.compact),
]);

const widths = header.map((title, column) =>
  Math.max(title.length, ...table.map((row) => row[column]!.length)),
);
const line = (cells: readonly string[]) =>
  cells
    .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
    .join('  ');
console.log('Tokens (o200k_base) per serialized result set; ratios are to compact JSON');
console.log(line(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const row of table) console.log(line(row));
console.log(`ISON target: <= 0.50 x compact JSON tokens; measured ${ratio(total.ison, total.compact)}`);
