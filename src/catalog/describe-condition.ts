import type { Condition } from './types.js';

/**
 * A threat's `when` in plain words, for the catalog docs and reports:
 * `receives-untrusted-content and reaches-tool(effect: write, execute; approval: none)`.
 */
export function describeCondition(condition: Condition, nested = false): string {
  const group = (parts: readonly Condition[], joiner: string) => {
    const text = parts.map((c) => describeCondition(c, true)).join(joiner);
    return nested && parts.length > 1 ? `(${text})` : text;
  };
  if ('all' in condition) return group(condition.all, ' and ');
  if ('any' in condition) return group(condition.any, ' or ');
  if ('not' in condition) return `not ${describeCondition(condition.not, true)}`;
  if ('predicate' in condition) {
    const args = Object.entries(condition.args ?? {}).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
    return args.length ? `${condition.predicate}(${args.join('; ')})` : condition.predicate;
  }
  const parts: string[] = [];
  if (condition.unset === true) parts.push(`${condition.property} is not set`);
  if (condition.unset === false) parts.push(`${condition.property} is set`);
  if (condition.in) parts.push(`${condition.property} is ${condition.in.map(String).join(' or ')}`);
  if (condition.includes) parts.push(`${condition.property} includes ${condition.includes.join(' or ')}`);
  const text = parts.join(' and ') || `${condition.property} is set`;
  return condition.orUnset ? `${text} (or not set)` : text;
}
