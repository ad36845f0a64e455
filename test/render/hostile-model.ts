import { quote } from '../../src/builder/write-source.js';
import { categories, impacts, likelihoods, stages, type CatalogFile } from '../../src/catalog/types.js';
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
  type PropertyTable,
} from '../../src/semantics/vocabulary.js';
import { hostileTexts } from '../fuzz/random.js';

/**
 * A model with a hostile text (test/fixtures/hostile-text.json) in every string field the language
 * has: labels, and every free-text property of every declaration, read from the vocabulary so that
 * a property added there is covered too. A catalog beside it puts hostile text in a threat's title,
 * description and guidance and in a control's, and its threat fires on every element and flow, so
 * that catalog text and dispositions reach every report.
 */
export interface HostileModel {
  /** The .aitm text. */
  readonly text: string;
  /** A user catalog as JSON text. */
  readonly catalog: string;
  /** Every hostile text used, each at least once as an element label (and so in the disposition register). */
  readonly payloads: readonly string[];
}

export const hostileThreat = 'hostile.everywhere';

/** `rotate` shifts which text goes where: two rotations differ in every field, for diffs. */
export function hostileModel(rotate = 0): HostileModel {
  const texts0 = hostileTexts.map((h) => h.text);
  const payloads = [...texts0.slice(rotate % texts0.length), ...texts0.slice(0, rotate % texts0.length)];
  let next = 0;
  const payload = () => payloads[next++ % payloads.length]!;
  /** Every free-text property of a table, each with the next payload (constrained text cannot be hostile: its format is checked). */
  const texts = (table: PropertyTable) =>
    Object.entries(table).flatMap(([key, spec]) =>
      spec.type === 'text' && spec.pattern === undefined ? [`${key}: ${spec.many ? `[${quote(payload())}, ${quote(payload())}]` : quote(payload())}`] : [],
    );
  const block = (properties: string[]) => (properties.length > 0 ? ` { ${properties.join(', ')} }` : '');

  const lines = [`system ${quote(payload())}${block(texts(systemProperties))}`];
  const data = ['d0', 'd1', 'd2'];
  for (const id of data) lines.push(`data ${id} ${quote(payload())}${block(['classification: confidential', ...texts(dataProperties)])}`);
  const elements: string[] = [];
  trustLevels.forEach((trust, b) => {
    lines.push(`boundary b${b} ${quote(payload())}${block([`trust: ${trust}`, ...texts(boundaryProperties)]).slice(0, -2)}`);
    // Every payload labels an element: labels are what diagrams draw.
    for (let i = b; i < payloads.length; i += trustLevels.length) {
      const kind = elementKinds[i % elementKinds.length]!;
      const id = `e${i}`;
      elements.push(id);
      lines.push(`  ${kind} ${id} ${quote(payloads[i]!)}${block(texts(elementPropertyTable(kind)))}`);
    }
    lines.push('}');
  });
  elements.forEach((id, i) => {
    if (i === 0) return;
    const carries = i % 3 === 0 ? [`carries: [${data[(i / 3) % data.length]}]`] : [];
    lines.push(`flow f${i}: ${elements[i - 1]} -> ${id} ${quote(payload())}${block([...carries, ...texts(flowProperties)])}`);
  });
  // A disposition on every element, so that every label is also a cell of the disposition register.
  elements.forEach((id, i) => {
    const kind = dispositionKinds[i % dispositionKinds.length]!;
    const table: PropertyTable = dispositionProperties[kind];
    const dates = requiredProperties[kind].filter((key) => table[key]?.type === 'date');
    lines.push(`${kind} ${hostileThreat} on ${id}${block([...dates.map((key) => `${key}: 2099-01-01`), ...texts(dispositionProperties[kind])])}`);
  });
  lines.push(`mitigate ${hostileThreat} on f1${block(texts(dispositionProperties.mitigate))}`);

  const catalog: CatalogFile = {
    name: payload(),
    version: payload(),
    controls: [{ id: 'hostile_control', title: payload(), description: payload(), guidelines: ['DESIGN-1'] }],
    threats: [
      {
        id: hostileThreat,
        title: payload(),
        description: payload(),
        category: categories[0],
        stage: stages[0],
        likelihood: likelihoods.at(-1)!,
        impact: impacts.at(-1)!,
        targets: [...elementKinds, 'flow'],
        mitigations: [{ controls: ['hostile_control'], guidance: payload() }],
        references: { atlas: [], owaspLlm: [], nist: [], guidelines: ['DESIGN-1'] },
      },
    ],
  };
  return { text: lines.join('\n') + '\n', catalog: JSON.stringify(catalog, null, 2), payloads };
}

/** Letters and digits only: what must survive of a text shown as text, whatever a renderer did with spaces, controls and line breaks. */
export function skeleton(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '');
}
