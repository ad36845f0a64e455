import { distance } from 'fastest-levenshtein';

/**
 * The closest candidate to a misspelt name, or undefined when nothing is close enough to be a
 * plausible typo (1 edit for short names, up to 3 for long ones).
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // Names further apart in length than the limit are further apart in edits too: skip them
    // without computing a distance (a model with 50,000 ids would otherwise cost that per typo).
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const folded = candidate.toLowerCase();
    const d = folded === lower ? 0 : distance(lower, folded);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const match = closest(name, candidates);
  return match === undefined ? undefined : `did you mean \`${match}\`?`;
}
