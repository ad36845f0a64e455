import fs from 'node:fs';

/**
 * A small seeded random source (mulberry32) for the generators: fast-check draws the seed and the
 * size, so a failing input is reproduced from them, and the model itself is built quickly here.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  /** A few distinct items, in the order given. */
  some<T>(items: readonly T[], max = 3, min = 0): T[] {
    const count = Math.min(items.length, min + this.below(max - min + 1));
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(this.below(items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
  }
}

export interface HostileText {
  readonly why: string;
  readonly text: string;
}

/** The hostile strings every renderer must show as inert text (test/fixtures/hostile-text.json). */
export const hostileTexts: readonly HostileText[] = JSON.parse(fs.readFileSync(new URL('../fixtures/hostile-text.json', import.meta.url), 'utf8'));

/** Characters that tend to break text handling: line breaks, controls, invisibles, bidi, surrogates, astral. */
const awkward = [
  '\n', '\r\n', '\r', '\t', '\0', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029',
  '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u202e', '\u202c', '\u200f', '\u2066', '\u2069',
  '\ud800', '\udfff', '🙂', 'é', 'e\u0301', '中', 'ß', 'İ',
  '"', '\\', '`', '|', '<', '>', '&', '#', ';', '%', '[', ']', '{', '}', '(', ')', ':', ',', '*', '_', '~', '!', '$', "'",
];
const plain = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 -_./';

/** Free text: often plain, often a hostile payload, sometimes random awkward characters, now and then long. */
export function randomText(random: Random): string {
  const roll = random.next();
  if (roll < 0.35) return random.pick(hostileTexts).text;
  const length = roll > 0.98 ? 300 + random.below(3000) : random.below(24);
  let out = '';
  for (let i = 0; i < length; i++) out += random.chance(0.25) ? random.pick(awkward) : plain[random.below(plain.length)]!;
  return out;
}
