import fc from 'fast-check';
import { describe, it } from 'vitest';
import { properties } from './properties.js';

/**
 * The bounded, seeded run of the fuzz campaign: the same properties as `npm run fuzz`, a few
 * dozen inputs each, the same inputs every time. The long run (scripts/fuzz.ts) draws a million.
 */
const seed = 20_170_017;
const runsPerWeight = 25;

describe('fuzz campaign (bounded)', () => {
  it.each(properties.map((p) => [p.name, p] as const))('%s', (_, property) => {
    fc.assert(fc.property(property.arbitrary, property.check), { seed, numRuns: property.weight * runsPerWeight, endOnFailure: true });
  });
});
