import type { Condition } from './types.js';

/**
 * A threat's `when` in plain words, for the catalog docs and reports:
 * `receives-untrusted-content and reaches-tool(effect: write, execute; approval: none)`.
 */
export function describeCondition(condition: Condition, nested = false, prose = false): string {
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
  // In prose (a finding's explanation), names are code and values read as a list.
  const name = prose ? `\`${condition.property}\`` : condition.property;
  const values = (list: readonly (string | number | boolean)[]) =>
    prose && list.length > 1 ? `${list.slice(0, -1).map(String).join(', ')} or ${String(list.at(-1))}` : list.map(String).join(' or ');
  const parts: string[] = [];
  if (condition.unset === true) parts.push(`${name} is not set`);
  if (condition.unset === false) parts.push(`${name} is set`);
  if (condition.in) parts.push(`${name} is ${values(condition.in)}`);
  if (condition.includes) parts.push(`${name} includes ${values(condition.includes)}`);
  const text = parts.join(' and ') || `${name} is set`;
  return condition.orUnset ? `${text} (or not set)` : text;
}
