import { predicates, type Target } from '../catalog/predicates.js';
import type { Condition, PropertyCondition, Threat } from '../catalog/types.js';
import type { Facts } from '../graph/facts.js';
import type { Step } from '../graph/propagate.js';
import { getOrMake } from '../util/maps.js';

/**
 * A part of a threat's condition that held: a predicate with its arguments and its evidence, or a
 * property condition (`predicate` is `property`, `condition` says which, and there is no path).
 */
export interface Match {
  readonly predicate: string;
  readonly path: readonly Step[];
  readonly args?: Readonly<Record<string, unknown>>;
  readonly condition?: PropertyCondition;
}

const noPath: readonly Step[] = Object.freeze([]);

/**
 * Whether a threat applies to a target, as a function made once per threat: a target of a kind the
 * threat lists, where its `when` holds. The function returns the predicates that held (the
 * evidence), or undefined when the threat does not apply. Only "does it apply" is decided here;
 * whether it is mitigated is the caller's business.
 */
export function applicability(threat: Threat): (target: Target, facts: Facts) => Match[] | undefined {
  const test = threat.when ? compiled(threat.when) : undefined;
  return (target, facts) => {
    const kind = target.type === 'flow' ? 'flow' : target.element.kind;
    if (!threat.targets.includes(kind)) return undefined;
    if (!test) return [];
    // Most targets do not match: the evidence is gathered in one list, copied only when they do.
    // (Emptied only when it holds something: setting an array's length is a call into the runtime.)
    if (gathered.length > 0) gathered.length = 0;
    return test(target, facts, gathered) ? gathered.slice() : undefined;
  };
}

/**
 * Where evidence is gathered while a condition is tested, and where the evidence of a negated
 * condition is dropped. One of each serves every test: tests never run inside one another, and a
 * large model is hundreds of thousands of tests, most of which fail.
 */
const gathered: Match[] = [];
const dropped: Match[] = [];

/** A condition turned into a function once: every threat is asked about every target of its kinds. */
type Test = (target: Target, facts: Facts, matches: Match[]) => boolean;

const tests = new WeakMap<Condition, Test>();
const noArgs = Object.freeze({});

function compiled(condition: Condition): Test {
  return getOrMake(tests, condition, compile);
}

function compile(condition: Condition): Test {
  if ('all' in condition) {
    const parts = condition.all.map(compiled);
    return (target, facts, matches) => {
      for (const part of parts) if (!part(target, facts, matches)) return false;
      return true;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map(compiled);
    return (target, facts, matches) => {
      for (const part of parts) if (part(target, facts, matches)) return true;
      return false;
    };
  }
  if ('not' in condition) {
    // What makes the inner condition hold is no evidence for its negation.
    const inner = compiled(condition.not);
    return (target, facts) => {
      const holds = inner(target, facts, dropped);
      if (dropped.length > 0) dropped.length = 0;
      return !holds;
    };
  }
  if ('predicate' in condition) {
    const name = condition.predicate;
    const predicate = predicates[name] as { test: (target: Target, args: unknown, facts: Facts) => Step[] | null };
    const args = condition.args ?? noArgs;
    return (target, facts, matches) => {
      const evidence = predicate.test(target, args, facts);
      if (evidence === null) return false;
      matches.push({ predicate: name, path: evidence, args });
      return true;
    };
  }
  // The same evidence whatever the target: made once.
  const match: Match = { predicate: 'property', path: noPath, condition };
  return (target, _facts, matches) => {
    if (!propertyHolds(condition, target)) return false;
    matches.push(match);
    return true;
  };
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
