import fc from 'fast-check';
import { quote } from '../../src/builder/write-source.js';
import { prepareCatalog } from '../../src/engine/analyze.js';
import {
  boundaryProperties,
  dataProperties,
  dispositionKinds,
  dispositionProperties,
  elementKinds,
  elementPropertyTable,
  flowProperties,
  requiredProperties,
  systemProperties,
  trustLevels,
  type ElementKind,
  type PropertySpec,
  type PropertyTable,
  type RefTarget,
} from '../../src/semantics/vocabulary.js';
import { keywordTokens } from '../../src/syntax/tokens.js';
import { Random, randomText } from './random.js';

/**
 * Grammar-aware generation of valid models. Everything the language allows is read from the
 * vocabulary tables (kinds, properties, their types and allowed values, required properties), so a
 * kind or property added there is generated without a change here. A model is a list of tokens, so
 * that mutations can work on tokens; `layout` joins them with varied whitespace and comments.
 */

export interface GeneratedModel {
  /** The entry file's tokens. */
  readonly tokens: readonly string[];
  /** An imported file's tokens (`import "shared.aitm"`), or undefined. */
  readonly shared: readonly string[] | undefined;
}

export const sharedFile = 'shared.aitm';

const builtin = prepareCatalog().catalog;
const controls = [...builtin.controls.keys()];
const threats = builtin.threats.map((t) => t.id);
/** Keywords are names too: ids that are keywords must work like any other (not `true`/`false`, which are values). */
const keywords = keywordTokens.map((t) => String(t.PATTERN).replace(/^\/|\/$/g, '')).filter((k) => k !== 'true' && k !== 'false');

/** Texts matching each constrained property's pattern, drawn once by fast-check from the pattern itself. */
const patternSamples = new Map<string, string[]>();
function matching(pattern: string): readonly string[] {
  let samples = patternSamples.get(pattern);
  if (!samples) {
    samples = fc.sample(fc.stringMatching(new RegExp(pattern)), { seed: 17, numRuns: 40 });
    patternSamples.set(pattern, samples);
  }
  return samples;
}

interface Declared {
  readonly id: string;
  readonly kind: RefTarget;
}

/** Build one valid model: every declaration well formed, every reference to something of the right kind. */
export function randomModel(seed: number, size: number): GeneratedModel {
  const random = new Random(seed);
  const used = new Set<string>();
  const newId = (base: string) => {
    if (random.chance(0.08)) {
      const keyword = random.pick(keywords);
      if (!used.has(keyword)) {
        used.add(keyword);
        return keyword;
      }
    }
    let id = `${base}${used.size}`;
    if (random.chance(0.2)) id = `${base}-${used.size}_x`;
    used.add(id);
    return id;
  };

  const data: Declared[] = Array.from({ length: random.below(Math.ceil(size / 3) + 2) }, () => ({ id: newId('d'), kind: 'data' }));
  const boundaries: { id: string; parent: number | undefined }[] = [];
  for (let i = 0, n = random.below(Math.ceil(size / 3) + 2); i < n; i++) {
    boundaries.push({ id: newId('b'), parent: i > 0 && random.chance(0.4) ? random.below(i) : undefined });
  }
  const elements: (Declared & { kind: ElementKind; boundary: number | undefined })[] = [];
  for (let i = 0; i < size; i++) {
    const kind = random.pick(elementKinds);
    elements.push({ id: newId(kind.slice(0, 3)), kind, boundary: boundaries.length > 0 && !random.chance(0.1) ? random.below(boundaries.length) : undefined });
  }
  const declared: Declared[] = [...data, ...elements];

  const tokens: string[] = [];
  const value = (spec: PropertySpec, self: string | undefined): string[] | undefined => {
    const many = 'many' in spec && spec.many === true;
    const one = (): string | undefined => {
      switch (spec.type) {
        case 'text':
          return quote(spec.pattern === undefined ? randomText(random) : random.pick(matching(spec.pattern)));
        case 'boolean':
          return random.chance(0.5) ? 'true' : 'false';
        case 'number':
          return String((spec.minimum ?? -1000) + random.below(100_000));
        case 'date':
          return new Date(Date.UTC(2000 + random.below(100), 0, 1) + random.below(366) * 86_400_000).toISOString().slice(0, 10);
        case 'enum':
          return random.pick(spec.values);
        case 'symbol':
          return random.chance(0.7) ? random.pick(controls) : newName(random);
        case 'ref': {
          const candidates = declared.filter((d) => d.id !== self && spec.to.includes(d.kind));
          return candidates.length > 0 ? random.pick(candidates).id : undefined;
        }
      }
    };
    if (!many) {
      const v = one();
      return v === undefined ? undefined : [v];
    }
    const items = new Set<string>();
    for (let i = random.below(4); i > 0; i--) {
      const v = one();
      if (v !== undefined) items.add(v);
    }
    if (items.size === 0 && spec.type === 'ref') return undefined;
    return ['[', ...[...items].flatMap((v, i) => (i === 0 ? [v] : [',', v])), ...(random.chance(0.2) && items.size > 0 ? [','] : []), ']'];
  };
  const block = (table: PropertyTable, self: string | undefined, required: readonly string[] = [], always = false): string[] => {
    const keys = Object.keys(table);
    const chosen = new Set([...required, ...random.some(keys, Math.min(keys.length, 5))]);
    const out: string[] = [];
    for (const key of keys) {
      if (!chosen.has(key)) continue;
      const v = value(table[key]!, self);
      if (!v) continue;
      if (out.length > 0 && random.chance(0.5)) out.push(',');
      out.push(key, ':', ...v);
    }
    return out.length > 0 || always ? ['{', ...out, '}'] : [];
  };
  const label = () => (random.chance(0.7) ? [quote(randomText(random))] : []);

  tokens.push('system', quote(randomText(random)), ...block(systemProperties, undefined, ['owner'], true));
  const shared: string[] = [];
  const splitData = data.length > 0 && random.chance(0.2);
  if (splitData) tokens.push('import', quote(sharedFile));
  for (const d of data) (splitData ? shared : tokens).push('data', d.id, ...label(), ...block(dataProperties, d.id));

  const emitBoundary = (index: number) => {
    const b = boundaries[index]!;
    const required = b.parent === undefined ? ['trust'] : [];
    const props = block(boundaryProperties, b.id, required, true);
    tokens.push('boundary', b.id, ...label(), ...props.slice(0, -1));
    for (const e of elements) if (e.boundary === index) emitElement(e);
    boundaries.forEach((child, i) => {
      if (child.parent === index) emitBoundary(i);
    });
    tokens.push('}');
  };
  const emitElement = (e: (typeof elements)[number]) => tokens.push(e.kind, e.id, ...label(), ...block(elementPropertyTable(e.kind), e.id));
  for (const e of elements) if (e.boundary === undefined) emitElement(e);
  boundaries.forEach((b, i) => {
    if (b.parent === undefined) emitBoundary(i);
  });

  const flows: { id: string | undefined; source: string; target: string; bidirectional: boolean }[] = [];
  if (elements.length >= 2) {
    for (let i = random.below(size * 2); i > 0; i--) {
      const source = random.pick(elements).id;
      const target = random.pick(elements).id;
      if (source === target) continue;
      const flow = { id: random.chance(0.4) ? newId('f') : undefined, source, target, bidirectional: random.chance(0.2) };
      flows.push(flow);
      tokens.push('flow', ...(flow.id ? [flow.id, ':'] : []), source, flow.bidirectional ? '<->' : '->', target, ...label(), ...block(flowProperties, flow.id));
    }
  }

  const targets: string[][] = [...elements.map((e) => [e.id]), ...boundaries.map((b) => [b.id]), ...flows.flatMap((f) => (f.id ? [[f.id]] : []))];
  for (const f of flows) {
    // `on a -> b` names a flow only when exactly one flow joins the two, whichever way it goes.
    const joining = flows.filter((g) => (g.source === f.source && g.target === f.target) || (g.source === f.target && g.target === f.source));
    if (joining.length === 1) targets.push([f.source, '->', f.target]);
  }
  if (targets.length > 0) {
    for (let i = random.below(Math.ceil(size / 2) + 1); i > 0; i--) {
      const kind = random.pick(dispositionKinds);
      tokens.push(kind, random.pick(threats), 'on', ...random.pick(targets), ...block(dispositionProperties[kind], undefined, requiredProperties[kind]));
    }
  }
  return { tokens, shared: splitData ? shared : undefined };
}

/** A name as the lexer reads one: parts of letters, digits and `_`, joined by `-` or `.` (never a keyword: it ends in `z`). */
function newName(random: Random): string {
  const part = () => {
    let out = random.pick([...'abcdefghijklmnopqrstuvwxyz_']);
    for (let i = random.below(6); i > 0; i--) out += random.pick([...'abcdefghijklmnopqrstuvwxyz_0123456789']);
    return out;
  };
  let name = part();
  for (let i = random.below(3); i > 0; i--) name += random.pick(['-', '.']) + part();
  return `${name}z`;
}

/** Whitespace and comments between tokens: every kind of line break, tabs, a BOM, no-break spaces, comments. */
const gaps = [' ', ' ', ' ', '\n', '\n  ', '\r\n', '\r', '\t', '\n\n', ' /* c */ ', ' // note\n', '\n// line\n', '\uFEFF', '\u00a0', ' /* multi\nline */ '];

/** Tokens as text, the gaps between them drawn from `seed`; sometimes with a byte-order mark first or CRLF throughout. */
export function layout(tokens: readonly string[], seed: number): string {
  const random = new Random(seed);
  const plainSpaces = random.chance(0.3);
  let out = random.chance(0.1) ? '\uFEFF' : '';
  tokens.forEach((token, i) => {
    if (i > 0) out += plainSpaces ? (token === '}' || random.chance(0.2) ? '\n' : ' ') : random.pick(gaps);
    out += token;
  });
  out += random.chance(0.8) ? '\n' : '';
  return random.chance(0.1) ? out.replace(/\r?\n/g, '\r\n') : out;
}

/** A generated model as the files `parse` reads: the entry text, and the imported file when there is one. */
export function modelFiles(model: GeneratedModel, seed: number): { text: string; files: Record<string, string> } {
  return { text: layout(model.tokens, seed), files: model.shared ? { [sharedFile]: layout(model.shared, seed + 1) } : {} };
}

/** fast-check draws a seed, a size and a layout: the model is built from them (and reproduced from them). */
export const validModels = (maxSize = 12) =>
  fc.record({ seed: fc.integer(), size: fc.nat(maxSize), layoutSeed: fc.integer() }).map(({ seed, size, layoutSeed }) => ({ seed, size, layoutSeed, model: randomModel(seed, size) }));
