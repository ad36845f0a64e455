import { isSensitiveData, type Facts } from '../graph/facts.js';
import type { Target } from '../catalog/predicates.js';
import { impacts, likelihoods, type Impact, type Likelihood, type Threat } from '../catalog/types.js';

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type RiskSeverity = (typeof severities)[number];

/**
 * Severity is likelihood × impact on the scales low=1, medium=2, high=3 (likelihood) and
 * low=1 … critical=4 (impact): 9 and above is critical, 6–8 high, 3–5 medium, 1–2 low.
 *
 *                impact:  low  medium  high  critical
 *   likelihood high       med  high    crit  crit
 *              medium     low  med     high  high
 *              low        low  low     med   med
 */
export function severityOf(likelihood: Likelihood, impact: Impact): RiskSeverity {
  const score = (likelihoods.indexOf(likelihood) + 1) * (impacts.indexOf(impact) + 1);
  return score >= 9 ? 'critical' : score >= 6 ? 'high' : score >= 3 ? 'medium' : 'low';
}

/**
 * Where a threat fires, its `raisedBy` factors raise its base rating one step each (capped):
 * - `sensitive-data`: impact, when the target can read confidential, restricted or personal data
 *   (for a flow: when it carries some);
 * - `public-exposure`: likelihood, when content reaches the target from an untrusted boundary;
 * - `autonomy`: likelihood, when the target is an agent with `autonomy: autonomous`.
 */
export function rate(threat: Threat, target: Target, facts: Facts): { likelihood: Likelihood; impact: Impact; raised: string[] } {
  let l = likelihoods.indexOf(threat.likelihood);
  let i = impacts.indexOf(threat.impact);
  const raised: string[] = [];
  const id = target.type === 'element' ? target.element.id : undefined;
  for (const raiser of threat.raisedBy ?? []) {
    switch (raiser) {
      case 'sensitive-data': {
        const sensitive =
          target.type === 'flow'
            ? target.flow.carries.some((d) => isSensitiveData(facts.graph.data.get(d)!))
            : facts.sensitive.has(id!);
        if (sensitive && i < impacts.length - 1) {
          i++;
          raised.push('impact raised: sensitive data');
        }
        break;
      }
      case 'public-exposure': {
        const origin = id !== undefined && facts.untrusted.has(id) ? facts.untrusted.witness(id)[0] : undefined;
        if (origin && facts.graph.trust(origin.id) === 'untrusted' && l < likelihoods.length - 1) {
          l++;
          raised.push('likelihood raised: reachable from an untrusted boundary');
        }
        break;
      }
      case 'autonomy': {
        if (target.type === 'element' && target.element.kind === 'agent' && target.element.properties.autonomy === 'autonomous' && l < likelihoods.length - 1) {
          l++;
          raised.push('likelihood raised: autonomous agent');
        }
        break;
      }
    }
  }
  return { likelihood: likelihoods[l]!, impact: impacts[i]!, raised };
}

export function severityRank(severity: RiskSeverity): number {
  return severities.indexOf(severity);
}
