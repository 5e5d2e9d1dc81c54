/** A valid input for the `Sample` model; each case overrides the part it checks. */
export function sampleInput(overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    title: 'Water sample',
    quantity: 12,
    ratio: 0.75,
    active: true,
    observedAt: new Date('2024-05-06T07:08:09.123Z'),
    status: 'published',
    tags: ['river', 'north'],
    labels: new Set(['raw']),
    details: { unit: 'mg/L', readings: [1.5, 2.25], calibrated: true, comment: null },
    reviewedAt: null,
    ...overrides,
  };
}
