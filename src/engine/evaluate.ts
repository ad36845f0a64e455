import { predicates, type Target } from '../catalog/predicates.js';
import type { Condition, PropertyCondition, Threat } from '../catalog/types.js';
import type { Facts } from '../graph/facts.js';
import type { Step } from '../graph/propagate.js';

/** A predicate that held, with its evidence. */
export interface Match {
  readonly predicate: string;
  readonly path: readonly Step[];
}

/**
 * Does a threat apply to a target? The target kind must be one the threat lists, and its `when`
 * must hold. Returns the predicates that held (the evidence), or undefined when it does not apply.
 * Only "does it apply" is decided here; whether it is mitigated is the caller's business.
 */
export function applies(threat: Threat, target: Target, facts: Facts): Match[] | undefined {
  const kind = target.type === 'flow' ? 'flow' : target.element.kind;
  if (!threat.targets.includes(kind)) return undefined;
  if (!threat.when) return [];
  const matches: Match[] = [];
  return holds(threat.when, target, facts, matches) ? matches : undefined;
}

const noArgs = Object.freeze({});

function holds(condition: Condition, target: Target, facts: Facts, matches: Match[]): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, target, facts, matches));
  if ('any' in condition) return condition.any.some((c) => holds(c, target, facts, matches));
  if ('not' in condition) return !holds(condition.not, target, facts, []);
  if ('predicate' in condition) {
    const predicate = predicates[condition.predicate] as {
      test: (target: Target, args: unknown, facts: Facts) => Step[] | null;
    };
    const evidence = predicate.test(target, condition.args ?? noArgs, facts);
    if (evidence === null) return false;
    matches.push({ predicate: condition.predicate, path: evidence });
    return true;
  }
  return propertyHolds(condition, target);
}

function propertyHolds(condition: PropertyCondition, target: Target): boolean {
  const value: unknown =
    target.type === 'element'
      ? (target.element.properties as Record<string, unknown>)[condition.property]
      : condition.property === 'carries'
        ? target.flow.carries
        : (target.flow.properties as Record<string, unknown>)[condition.property];
  const unset = value === undefined || (Array.isArray(value) && value.length === 0);
  if (condition.unset !== undefined && unset !== condition.unset) return false;
  if (unset) return condition.orUnset === true || (condition.in === undefined && condition.includes === undefined);
  if (condition.in && !condition.in.includes(value as string)) return false;
  if (condition.includes && !(Array.isArray(value) ? value : [value]).some((v) => condition.includes!.includes(v as string))) return false;
  return true;
}
