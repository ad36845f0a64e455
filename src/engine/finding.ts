import type { Category, Impact, Likelihood, References, Stage } from '../catalog/types.js';
import type { Span } from '../source/span.js';
import type { DispositionKind, ElementKind } from '../semantics/vocabulary.js';
import type { RiskSeverity } from './severity.js';

export type FindingStatus = 'open' | 'mitigated' | 'planned' | 'accepted' | 'dismissed';

/** One element or flow on an evidence path, with where it is written. */
export interface EvidenceStep {
  readonly type: 'element' | 'flow';
  readonly id: string;
  readonly label: string;
  readonly span: Span;
}

/** Why the threat applies: one predicate that held, in words, with the path that shows it. */
export interface Fact {
  readonly predicate: string;
  readonly description: string;
  readonly path: readonly EvidenceStep[];
}

export interface Finding {
  /** Stable across reformatting and reordering: derived from the threat id and the target's id. */
  readonly fingerprint: string;
  readonly threat: string;
  readonly title: string;
  readonly category: Category;
  readonly stage: Stage;
  readonly target: {
    readonly type: 'element' | 'flow';
    readonly id: string;
    readonly kind: ElementKind | 'flow';
    readonly label: string;
    readonly span: Span;
  };
  readonly likelihood: Likelihood;
  readonly impact: Impact;
  readonly severity: RiskSeverity;
  readonly status: FindingStatus;
  /** Why the status is what it is, in one sentence (for mitigated: which controls, and where each was found). */
  readonly statusReason: string;
  /** Why the threat fired here, in one sentence naming the target and the path of each fact. */
  readonly explanation: string;
  readonly evidence: {
    /** The main attack path: the first fact's path, or the target alone. */
    readonly path: readonly EvidenceStep[];
    readonly facts: readonly Fact[];
    /** How the base rating was raised here. */
    readonly raised: readonly string[];
  };
  /** Controls in place on the target, on its evidence path or system-wide, that one of its mitigations names. */
  readonly presentControls: readonly string[];
  /** Each way to mitigate the threat, with the controls still missing for it (empty when mitigated). */
  readonly missingMitigations: readonly { readonly controls: readonly string[]; readonly guidance: string }[];
  readonly references: References;
  readonly disposition?: {
    readonly kind: DispositionKind;
    readonly span: Span;
    readonly by?: string;
    readonly status?: string;
    readonly reason?: string;
    readonly owner?: string;
    readonly expires?: string;
  };
}
