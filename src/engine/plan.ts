import type { Catalog } from '../catalog/types.js';
import type { Finding } from './finding.js';
import type { RiskSeverity } from './severity.js';

/** How much open risk one finding carries, for ranking: each step of severity doubles it. */
export const riskWeight: Record<RiskSeverity, number> = { low: 1, medium: 2, high: 4, critical: 8 };

export interface PlannedChange {
  /** The controls to add (usually one; a bundle when only several together close something). */
  readonly controls: readonly string[];
  readonly titles: readonly string[];
  /** Total weight of the open findings these controls would close. */
  readonly risk: number;
  /** Fingerprints of the findings they would close. */
  readonly closes: readonly string[];
  readonly bySeverity: Readonly<Record<RiskSeverity, number>>;
}

/**
 * The mitigation plan: every set of controls that would complete some open finding's mitigation,
 * ranked by the open risk it would close per control added (then total risk, then name), so a
 * reviewer sees first the few changes that matter most. A finding counts as closed by a change
 * when one of its mitigations has nothing missing that the change does not add.
 */
export function mitigationPlan(findings: readonly Finding[], catalog: Catalog): PlannedChange[] {
  const open = findings.filter((f) => f.status === 'open');
  const candidates = new Map<string, readonly string[]>();
  for (const finding of open) {
    for (const mitigation of finding.missingMitigations) {
      const controls = [...mitigation.controls].sort();
      candidates.set(controls.join(' '), controls);
    }
  }
  const changes: PlannedChange[] = [];
  for (const controls of candidates.values()) {
    const closed = open.filter((f) => f.missingMitigations.some((m) => m.controls.every((c) => controls.includes(c))));
    const bySeverity: Record<RiskSeverity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
    for (const f of closed) bySeverity[f.severity]++;
    changes.push({
      controls,
      titles: controls.map((c) => catalog.controls.get(c)?.title ?? c),
      risk: closed.reduce((sum, f) => sum + riskWeight[f.severity], 0),
      closes: closed.map((f) => f.fingerprint),
      bySeverity,
    });
  }
  return changes.sort(
    (a, b) =>
      b.risk / b.controls.length - a.risk / a.controls.length ||
      b.risk - a.risk ||
      a.controls.length - b.controls.length ||
      (a.controls.join(' ') < b.controls.join(' ') ? -1 : 1),
  );
}
