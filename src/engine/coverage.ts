import { guidelines } from '../catalog/guidelines.js';
import type { Catalog, Stage } from '../catalog/types.js';
import type { SystemModel } from '../semantics/model.js';
import { practices } from '../semantics/vocabulary.js';
import type { Finding } from './finding.js';

export interface GuidelineCoverage {
  readonly id: string;
  readonly stage: Stage;
  readonly title: string;
  /** Practices declared in the `system` block that serve this recommendation. */
  readonly practices: readonly string[];
  /** Controls in place anywhere in the model (declared, stated by a property, or system-wide) that the catalog relates to it. */
  readonly controls: readonly string[];
  /** Threat ids of findings that cite it, by status. */
  readonly openThreats: readonly string[];
  readonly handledThreats: readonly string[];
  /**
   * covered: a practice is declared and no finding citing it is open; partial: a practice is
   * declared but findings citing it are open; gap: no practice and open findings; undeclared:
   * no practice, nothing open.
   */
  readonly status: 'covered' | 'partial' | 'gap' | 'undeclared';
}

export function guidelineCoverage(model: SystemModel, findings: readonly Finding[], catalog: Catalog, inPlace: ReadonlySet<string>): GuidelineCoverage[] {
  const declared = new Set(model.system?.properties.practices ?? []);
  return guidelines.map((g) => {
    const citing = findings.filter((f) => f.references.guidelines.includes(g.id));
    const open = unique(citing.filter((f) => f.status === 'open').map((f) => f.threat));
    const handled = unique(citing.filter((f) => f.status !== 'open').map((f) => f.threat)).filter((t) => !open.includes(t));
    const served = Object.entries(practices)
      .filter(([practice, guideline]) => guideline === g.id && declared.has(practice as keyof typeof practices))
      .map(([practice]) => practice);
    const controls = [...catalog.controls.values()].filter((c) => c.guidelines.includes(g.id) && inPlace.has(c.id)).map((c) => c.id);
    const status = served.length > 0 ? (open.length > 0 ? 'partial' : 'covered') : open.length > 0 ? 'gap' : 'undeclared';
    return { id: g.id, stage: g.stage, title: g.title, practices: served, controls: controls.sort(), openThreats: open, handledThreats: handled, status };
  });
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
