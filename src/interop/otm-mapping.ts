import type { FindingStatus } from '../engine/finding.js';
import type { Impact, Likelihood } from '../catalog/types.js';
import { classifications, elementKinds, trustLevels, type Classification, type ElementKind, type TrustLevel } from '../semantics/vocabulary.js';

/**
 * The fixed correspondences between aitm and the Open Threat Model, shared by export and import
 * and documented in docs/interop.md (a test keeps the two in step). Numbers are on OTM's 0–100
 * scales; reading a number back picks the nearest value, ties going to the more cautious one.
 */

/** OTM `risk.trustRating` of each trust level, from least to most trusted. */
export const trustRatings: Readonly<Record<TrustLevel, number>> = {
  untrusted: 0,
  external: 25,
  partner: 50,
  internal: 75,
  restricted: 100,
};

/** The trust level nearest a rating; halfway goes to the less trusted level. */
export function trustLevelFor(rating: number): TrustLevel {
  return nearest(trustLevels, trustRatings, rating, 'lower');
}

/** OTM asset `risk.confidentiality` of each classification. aitm rates neither integrity nor availability. */
export const confidentialityRatings: Readonly<Record<Classification, number>> = {
  public: 0,
  internal: 33,
  confidential: 67,
  restricted: 100,
};
/** What aitm writes for an asset's integrity and availability, which it does not rate. */
export const unratedAssetRisk = 50;

/** The classification nearest a confidentiality rating; halfway goes to the more sensitive one. */
export function classificationFor(confidentiality: number): Classification {
  return nearest(classifications, confidentialityRatings, confidentiality, 'higher');
}

export const likelihoodRatings: Readonly<Record<Likelihood, number>> = { low: 25, medium: 50, high: 75 };
export const impactRatings: Readonly<Record<Impact, number>> = { low: 25, medium: 50, high: 75, critical: 100 };

/** The OTM component `type` aitm writes for each element kind. */
export function componentType(kind: ElementKind): string {
  return `aitm-${kind}`;
}

/** The element kind of one of aitm's own component types, or undefined. */
export function kindOfComponentType(type: string): ElementKind | undefined {
  const kind = type.startsWith('aitm-') ? type.slice(5) : '';
  return (elementKinds as readonly string[]).includes(kind) ? (kind as ElementKind) : undefined;
}

/** The trust zone `type` of a boundary. */
export const boundaryZoneType = 'aitm-boundary';
/**
 * The synthetic trust zone holding the elements declared outside every boundary, which aitm
 * treats as untrusted. Its id has a `:`, which no aitm id can, so it never clashes with a boundary.
 */
export const outsideZone = { id: 'aitm:outside', type: 'aitm-outside', name: 'Outside every boundary', trust: 'untrusted' } as const;

/** The OTM threat instance `state` of each finding status. */
export const findingStates: Readonly<Record<FindingStatus, string>> = {
  open: 'exposed',
  // The mitigation is not in place yet, so the risk is still there; the plan travels in `aitm.dispositions`.
  planned: 'exposed',
  mitigated: 'mitigated',
  accepted: 'accepted',
  dismissed: 'not-applicable',
};

/** OTM mitigation instance states: a control in place, and one that would (help) mitigate the threat. */
export const mitigationStates = { present: 'implemented', missing: 'recommended' } as const;

/** What a threat instance state read from OTM asks of aitm. */
export type ImportedState = 'exposed' | 'mitigated' | 'partly-mitigated' | 'accepted' | 'not-applicable' | 'other';

/** Threat instance states as other tools spell them: case, spaces and `_` do not matter. */
export function importedState(state: string): ImportedState {
  const s = state.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (s === 'exposed' || s === 'expose' || s === 'open') return 'exposed';
  if (s === 'mitigated' || s === 'mitigate' || s === 'implemented' || s === 'closed') return 'mitigated';
  if (s === 'partly-mitigated' || s === 'partly-mitigate' || s === 'partially-mitigated' || s === 'partlymitigated') return 'partly-mitigated';
  if (s === 'accepted' || s === 'accept') return 'accepted';
  if (s === 'not-applicable' || s === 'na' || s === 'n/a' || s === 'notapplicable' || s === 'false-positive') return 'not-applicable';
  return 'other';
}

function nearest<K extends string>(keys: readonly K[], values: Readonly<Record<K, number>>, value: number, ties: 'lower' | 'higher'): K {
  let best = keys[0]!;
  for (const key of keys) {
    const d = Math.abs(values[key] - value);
    const bestD = Math.abs(values[best] - value);
    if (d < bestD || (d === bestD && ties === 'higher')) best = key;
  }
  return best;
}
