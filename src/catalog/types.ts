import type { ElementKind, Practice } from '../semantics/vocabulary.js';
import type { PredicateName } from './predicates.js';

export const categories = [
  'poisoning',
  'injection',
  'extraction',
  'evasion',
  'privacy',
  'supply-chain',
  'agency',
  'disclosure',
  'availability',
  'integrity',
  'monitoring',
] as const;
export type Category = (typeof categories)[number];

/** The four stages of the CISA / UK NCSC guidelines. */
export const stages = ['design', 'development', 'deployment', 'operation'] as const;
export type Stage = (typeof stages)[number];

export const likelihoods = ['low', 'medium', 'high'] as const;
export type Likelihood = (typeof likelihoods)[number];
export const impacts = ['low', 'medium', 'high', 'critical'] as const;
export type Impact = (typeof impacts)[number];

/** What may raise a threat's likelihood or impact where it fires (see engine/severity.ts). */
export const raisers = ['sensitive-data', 'public-exposure', 'autonomy'] as const;
export type Raiser = (typeof raisers)[number];

/** Every id a threat cites, in one list: ATLAS, OWASP (LLM, ML, agentic), then guidelines. */
export function referenceIds(references: References): string[] {
  return [...references.atlas, ...references.owaspLlm, ...(references.owaspMl ?? []), ...(references.owaspAgentic ?? []), ...references.guidelines];
}

/** What a threat can apply to: an element of some kind, or a flow. */
export type TargetKind = ElementKind | 'flow';

export type Scalar = string | number | boolean;

/** A declarative applicability condition. Nothing in it is ever evaluated as code. */
export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | PropertyCondition
  | PredicateCondition;

/**
 * A test of one property of the target. `in`: the value is one of these; `includes`: a list value
 * contains one of these; `unset`: the property is (not) written. `orUnset` makes an unwritten
 * property count as a match for `in`/`includes` (e.g. no `approval` means no approval).
 */
export interface PropertyCondition {
  readonly property: string;
  readonly in?: readonly Scalar[];
  readonly includes?: readonly string[];
  readonly unset?: boolean;
  readonly orUnset?: boolean;
}

export interface PredicateCondition {
  readonly predicate: PredicateName;
  readonly args?: Readonly<Record<string, unknown>>;
}

export interface Mitigation {
  /** All of these controls together mitigate the threat; a threat is mitigated when any one group is complete. */
  readonly controls: readonly string[];
  readonly guidance: string;
}

export interface References {
  readonly atlas: readonly string[];
  readonly owaspLlm: readonly string[];
  readonly owaspMl?: readonly string[];
  /** OWASP Top 10 for Agentic Applications (2026): `ASI01` ... */
  readonly owaspAgentic?: readonly string[];
  readonly nist: readonly string[];
  readonly guidelines: readonly string[];
}

export interface Threat {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly category: Category;
  readonly stage: Stage;
  readonly likelihood: Likelihood;
  readonly impact: Impact;
  readonly raisedBy?: readonly Raiser[];
  readonly targets: readonly TargetKind[];
  readonly when?: Condition;
  readonly mitigations: readonly Mitigation[];
  readonly references: References;
}

export interface Control {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** CISA / NCSC guideline recommendation ids the control serves. */
  readonly guidelines: readonly string[];
  /** System practices that put the control in place everywhere (a system declaring `incident_response` has the control on every element). */
  readonly practices?: readonly Practice[];
}

/** One catalog file as written: any mix of threats and controls. */
export interface CatalogFile {
  readonly name?: string;
  readonly version?: string;
  readonly controls?: readonly Control[];
  readonly threats?: readonly Threat[];
}

/** The catalogs of one analysis merged: the built-in one plus any the user adds. */
export interface Catalog {
  readonly version: string;
  readonly threats: readonly Threat[];
  readonly controls: ReadonlyMap<string, Control>;
  /** Where each catalog came from and its SHA-256, for reports that say what was used. */
  readonly sources: readonly { readonly name: string; readonly sha256: string }[];
}
