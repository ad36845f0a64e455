import { builtinCatalog } from '../catalog/builtin/index.js';
import { loadCatalogs, type CatalogInput, type LoadedCatalog } from '../catalog/load-catalog.js';
import { describeCondition } from '../catalog/describe-condition.js';
import { predicates, type Target } from '../catalog/predicates.js';
import type { Catalog, TargetKind, Threat } from '../catalog/types.js';
import { addTo, byId, getOrMake } from '../util/maps.js';
import { compareDiagnostics, diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { buildGraph, type SystemGraph } from '../graph/build.js';
import { deriveFacts, type Facts } from '../graph/facts.js';
import type { Reach, Step } from '../graph/propagate.js';
import type { Disposition, Element, Flow, SystemModel } from '../semantics/model.js';
import type { Span } from '../source/span.js';
import { ControlsInPlace } from './controls.js';
import { sameForAnalysis } from './same-for-analysis.js';
import { guidelineCoverage, type GuidelineCoverage } from './coverage.js';
import { DispositionIndex } from './dispositions.js';
import { applicability, type Match } from './evaluate.js';
import type { EvidenceStep, Finding, FindingStatus } from './finding.js';
import { fingerprint } from './fingerprint.js';
import { mitigationPlan, type PlannedChange } from './plan.js';
import { rate, severityOf, severityRank, type RiskSeverity } from './severity.js';
import { compareText } from '../util/compare.js';

export interface CatalogOptions {
  /** Catalogs to add to the built-in one: JSON text with a name for diagnostics. */
  readonly catalogs?: readonly { readonly name: string; readonly text: string }[];
  /** Leave out the built-in catalog (use only `catalogs`). */
  readonly builtin?: boolean;
}

export interface AnalyzeOptions extends CatalogOptions {
  /** A catalog loaded once with `prepareCatalog`, to analyse many models without reloading it (its diagnostics are not repeated). */
  readonly catalog?: LoadedCatalog;
  /** Threat ids not to evaluate. */
  readonly disable?: readonly string[];
  /** The date acceptances are checked against, YYYY-MM-DD. Default: today (UTC). */
  readonly asOf?: string;
}

export interface AnalysisResult {
  /** Sorted by severity (highest first), then threat id, then target id. */
  readonly findings: readonly Finding[];
  readonly plan: readonly PlannedChange[];
  readonly coverage: readonly GuidelineCoverage[];
  readonly diagnostics: readonly Diagnostic[];
  readonly catalog: {
    readonly version: string;
    readonly threats: number;
    readonly sources: readonly { readonly name: string; readonly sha256: string }[];
  };
  readonly summary: Readonly<Record<FindingStatus, number>> & { readonly bySeverity: Readonly<Record<RiskSeverity, number>> };
}

/**
 * Apply the threat catalog to a resolved model: find where each threat applies, decide whether it
 * is mitigated, and explain why each one fired. Pure: the same model, options and date give the
 * same result.
 */
export function analyze(model: SystemModel, options: AnalyzeOptions = {}): AnalysisResult {
  const context = analysisContext(options);
  const { catalog, asOf, disabled } = context;
  const threats = catalog.threats.filter((t) => !disabled.ids.has(t.id));

  const graph = buildGraph(model);
  const facts = deriveFacts(graph);
  const dispositions = new DispositionIndex(model.dispositions, graph);
  const controls = new ControlsInPlace(model, catalog, (id) => graph.elements.get(id));

  // Targets grouped by kind once, so each threat visits only the kinds it names.
  const targetsByKind = new Map<TargetKind, Target[]>();
  model.elements.forEach((element, at) => addTo(targetsByKind, element.kind, { type: 'element', element, at }));
  model.flows.forEach((flow, at) => addTo(targetsByKind, 'flow', { type: 'flow', flow, at }));
  const findings: Finding[] = [];
  for (const threat of threats) {
    const applies = applicability(threat);
    for (const kind of threat.targets) {
      for (const target of targetsByKind.get(kind) ?? []) {
        const matches = applies(target, facts);
        if (matches) findings.push(makeFinding(threat, target, matches, facts, controls, dispositions, asOf));
      }
    }
  }
  findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      compareText(a.threat, b.threat) ||
      compareText(a.target.type, b.target.type) ||
      compareText(a.target.id, b.target.id),
  );

  return conclude(model, graph, findings, controls, context);
}

/**
 * `analyze` for an editor: the analysis of `model`, reusing `previous` when the two models analyse
 * alike (`sameForAnalysis`: an edit to a label, a description or a comment, or one that only moved
 * text). Its findings are then taken over with the labels and places `model` gives them, and what
 * follows from places (diagnostics, summary, plan) is worked out again; the result is what
 * `analyze(model, options)` would give.
 */
export function analyzeAgain(
  previous: { readonly model: SystemModel; readonly analysis: AnalysisResult; readonly asOf: string } | undefined,
  model: SystemModel,
  options: AnalyzeOptions & { readonly asOf: string },
): AnalysisResult {
  // Another day can lapse an acceptance: the date must be the same too.
  if (!previous || previous.asOf !== options.asOf || !sameForAnalysis(previous.model, model)) return analyze(model, options);
  const context = analysisContext(options);
  const graph = buildGraph(model);
  const dispositions = new DispositionIndex(model.dispositions, graph);
  const implied = byId(graph.impliedFlows, (f) => f);
  const step = (s: EvidenceStep): EvidenceStep => {
    const declared = s.type === 'element' ? graph.elements.get(s.id) : (graph.flows.get(s.id) ?? implied.get(s.id));
    if (!declared) return s;
    return s.type === 'element'
      ? { type: 'element', id: s.id, label: declared.label ?? s.id, span: (declared as Element).idSpan }
      : { type: 'flow', id: s.id, label: declared.label ?? s.id, span: declared.span };
  };
  const findings = previous.analysis.findings.map((f): Finding => {
    const target = step({ type: f.target.type, id: f.target.id, label: f.target.label, span: f.target.span });
    const disposition = dispositions.find(f.threat, f.target);
    const { disposition: _old, ...rest } = f;
    return {
      ...rest,
      target: { ...f.target, label: target.label, span: target.span },
      evidence: { ...f.evidence, path: f.evidence.path.map(step), facts: f.evidence.facts.map((fact) => ({ ...fact, path: fact.path.map(step) })) },
      ...(disposition ? { disposition: dispositionSummary(disposition) } : {}),
    };
  });
  // The plan, guideline coverage and summary follow from what the findings are, which is unchanged.
  return { ...previous.analysis, findings, diagnostics: placedDiagnostics(model, graph, findings, context) };
}

/** What an analysis needs besides the model: the catalog, the date, the threats left out, and the diagnostics of those. */
interface AnalysisContext {
  readonly catalog: Catalog;
  readonly asOf: string;
  readonly known: ReadonlySet<string>;
  readonly disabled: { readonly ids: ReadonlySet<string>; readonly diagnostics: readonly Diagnostic[] };
  /** The catalog's own problems (when it was loaded for this analysis) and unknown threats to disable. */
  readonly diagnostics: readonly Diagnostic[];
}

function analysisContext(options: AnalyzeOptions): AnalysisContext {
  const loaded = options.catalog ?? prepareCatalog(options);
  const { catalog } = loaded;
  const disabled = threatsToDisable(catalog, options.disable ?? []);
  return {
    catalog,
    asOf: options.asOf ?? new Date().toISOString().slice(0, 10),
    known: new Set(catalog.threats.map((t) => t.id)),
    disabled,
    diagnostics: [...(options.catalog ? [] : loaded.diagnostics), ...disabled.diagnostics],
  };
}

/**
 * Everything of an analysis that follows from its findings and where the model is written: the
 * problems (unknown controls, lapsed acceptances, dispositions that match nothing), the summary,
 * the plan and guideline coverage.
 */
function conclude(model: SystemModel, graph: SystemGraph, findings: readonly Finding[], controls: ControlsInPlace, context: AnalysisContext): AnalysisResult {
  const { catalog } = context;
  const diagnostics = placedDiagnostics(model, graph, findings, context);

  const summary = {
    open: 0,
    mitigated: 0,
    planned: 0,
    accepted: 0,
    dismissed: 0,
    bySeverity: { low: 0, medium: 0, high: 0, critical: 0 },
  };
  for (const f of findings) {
    summary[f.status]++;
    if (f.status === 'open') summary.bySeverity[f.severity]++;
  }
  return {
    findings,
    plan: mitigationPlan(findings, catalog),
    coverage: guidelineCoverage(model, findings, catalog, controls.everywhere()),
    diagnostics,
    catalog: { version: catalog.version, threats: catalog.threats.length, sources: catalog.sources },
    summary,
  };
}

/**
 * The problems an analysis finds that point into the model: controls no catalog declares,
 * acceptances that have lapsed, dispositions that match no finding. Worked out from the findings,
 * so that an analysis taken over for a model written differently points at the new places.
 */
function placedDiagnostics(model: SystemModel, graph: SystemGraph, findings: readonly Finding[], context: AnalysisContext): Diagnostic[] {
  const dispositions = new DispositionIndex(model.dispositions, graph);
  const diagnostics = [...context.diagnostics, ...unknownControls(model, context.catalog)];
  for (const f of findings) {
    const d = dispositions.find(f.threat, f.target);
    // A lapsed acceptance leaves its finding open (unless controls mitigate it) and says so.
    if (d?.kind === 'accept' && f.status === 'open' && d.properties.expires !== undefined && d.properties.expires < context.asOf) {
      diagnostics.push(
        diagnostic('AITM603', `the acceptance of \`${d.threat}\` on \`${f.target.id}\` expired on ${d.properties.expires}`, {
          span: d.threatSpan,
          label: 'expired',
          help: 'review the risk: mitigate it, or renew the acceptance with a new `expires`',
        }),
      );
    }
  }
  diagnostics.push(...unmatchedDispositions(model.dispositions, dispositions.used, context.known, context.disabled.ids));
  diagnostics.sort(compareDiagnostics);

  return diagnostics;
}

/** The threats of `catalog` that `ids` name, and an error (AITM604) for each id it does not have. */
export function threatsToDisable(catalog: Catalog, ids: readonly string[]): { ids: Set<string>; diagnostics: Diagnostic[] } {
  const known = new Set(catalog.threats.map((t) => t.id));
  const disabled = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const id of ids) {
    if (known.has(id)) disabled.add(id);
    else diagnostics.push(diagnostic('AITM604', `cannot disable unknown threat \`${id}\``, { help: didYouMean(id, known) }));
  }
  return { ids: disabled, diagnostics };
}

/** Load the built-in catalog and any others once, with the diagnostics of any that are broken. */
export function prepareCatalog(options: CatalogOptions = {}): LoadedCatalog {
  const inputs: CatalogInput[] = [
    ...(options.builtin === false ? [] : [{ name: 'aitm built-in catalog', value: builtinCatalog }]),
    ...(options.catalogs ?? []).map((c) => ({ name: c.name, text: c.text })),
  ];
  return loadCatalogs(inputs);
}


function makeFinding(
  threat: Threat,
  target: Target,
  matches: readonly Match[],
  facts: Facts,
  controls: ControlsInPlace,
  dispositions: DispositionIndex,
  asOf: string,
): Finding {
  const { graph } = facts;
  const ref =
    target.type === 'element'
      ? { type: 'element' as const, id: target.element.id, kind: target.element.kind, label: target.element.label, span: target.element.idSpan }
      : { type: 'flow' as const, id: target.flow.id, kind: 'flow' as const, label: target.flow.label ?? target.flow.id, span: target.flow.span };
  const evidenceFacts = matches.map((m) => ({
    predicate: m.predicate,
    description: m.condition ? `Its ${describeCondition(m.condition)}.` : predicates[m.predicate as keyof typeof predicates].description,
    path: m.path.map((step) => evidenceStep(step, graph)),
  }));
  const path = attackPath(matches).map((step) => evidenceStep(step, graph));
  if (path.length === 0) path.push({ type: ref.type, id: ref.id, label: ref.label, span: ref.span });

  const { present, partial } = controlsOnTheWay(target, ref.id, matches, facts, controls, mitigatingControls(threat));
  const missingMitigations = threat.mitigations.map((m) => ({ controls: m.controls.filter((c) => !present.has(c)), guidance: m.guidance }));
  const byControls = missingMitigations.find((m) => m.controls.length === 0);
  const relevantControls = [...present.keys()].sort();

  const rating = rate(threat, target, facts);
  const disposition = dispositions.find(threat.id, ref);
  let status: FindingStatus = 'open';
  // Controls a mitigation names that were on one way in, but not on all of them.
  let statusReason = partial.length
    ? `no mitigation is in place (${partial.map((p) => `\`${p.control}\` is on \`${p.on}\`, but not on every way in`).join('; ')})`
    : 'no mitigation is in place';
  if (byControls) {
    status = 'mitigated';
    const group = threat.mitigations[missingMitigations.indexOf(byControls)]!.controls;
    statusReason = `mitigated by ${group.map((c) => `\`${c}\` ${present.get(c)}`).join(' + ')}`;
  } else if (disposition) {
    ({ status, statusReason } = dispositionStatus(disposition, asOf));
  }
  return {
    fingerprint: fingerprint(threat.id, ref),
    threat: threat.id,
    title: threat.title,
    category: threat.category,
    stage: threat.stage,
    target: ref,
    likelihood: rating.likelihood,
    impact: rating.impact,
    severity: severityOf(rating.likelihood, rating.impact),
    status,
    statusReason,
    explanation: explain(ref, matches),
    evidence: { path, facts: evidenceFacts, raised: rating.raised },
    presentControls: relevantControls,
    missingMitigations: status === 'mitigated' ? [] : missingMitigations,
    references: threat.references,
    ...(disposition ? { disposition: dispositionSummary(disposition) } : {}),
  };
}

/**
 * The controls that count for a finding, each with where it was found: on the target, anywhere on
 * its evidence paths (which start where the attack starts), or across the whole system. A control
 * found on the way outsiders' content comes in counts only if it is on every such way in: the
 * target must be out of reach of that content once everything holding the control stops it.
 * `partial` says which controls were on one way in but not all.
 */
function controlsOnTheWay(
  target: Target,
  id: string,
  matches: readonly Match[],
  facts: Facts,
  controls: ControlsInPlace,
  relevant: ReadonlySet<string>,
): { present: Map<string, string>; partial: { control: string; on: string }[] } {
  // Only controls one of the threat's mitigations names can change anything: the others are not
  // looked for (a finding has many steps, and a model many controls).
  const present = new Map<string, string>();
  const note = (on: Iterable<string>, where: string) => {
    for (const c of on) if (relevant.has(c) && !present.has(c)) present.set(c, where);
  };
  note(controls.on(target.type === 'element' ? target.element : target.flow), `on \`${id}\``);
  note(controls.systemWide, 'across the system');
  // The ways in: facts that reach the target (an element), each with the steps it came by; made
  // only once a control turns up on a path.
  const at = target.type === 'element' ? target.at : -1;
  let ways: { reach: Reach; steps: Set<string | Flow> }[] | undefined;
  const waysIn = () =>
    (ways ??=
      at >= 0
        ? matches.flatMap((m) => {
            if (m.condition) return [];
            const reach = (predicates[m.predicate as keyof typeof predicates] as { reach?: (args: unknown, facts: Facts) => Reach }).reach;
            return reach ? [{ reach: reach(m.args ?? {}, facts), steps: new Set(m.path.map(stepKey)) }] : [];
          })
        : []);
  const partial: { control: string; on: string }[] = [];
  // A control found bypassed is not looked at again on later steps.
  const bypassed = new Set<string>();
  for (const m of matches) {
    for (const step of m.path) {
      const on = step.type === 'element' ? facts.graph.elements.get(step.id) : step.flow;
      if (!on) continue;
      for (const c of controls.on(on)) {
        if (!relevant.has(c) || present.has(c) || bypassed.has(c)) continue;
        if (waysIn().some((way) => way.steps.has(stepKey(step)) && way.reach.avoiding(c, controls.holding(c)).reached(at))) {
          partial.push({ control: c, on: step.id });
          bypassed.add(c);
        } else {
          present.set(c, `on \`${step.id}\``);
        }
      }
    }
  }
  return { present, partial };
}

/** The controls a threat's mitigations name, made once per threat. */
const mitigating = new WeakMap<Threat, ReadonlySet<string>>();
function mitigatingControls(threat: Threat): ReadonlySet<string> {
  return getOrMake(mitigating, threat, (t) => new Set(t.mitigations.flatMap((m) => m.controls)));
}

/** A step as a key: an element by id, a flow by itself. */
function stepKey(step: Step): string | Flow {
  return step.type === 'element' ? step.id : step.flow;
}

function dispositionStatus(d: Disposition, asOf: string): { status: FindingStatus; statusReason: string } {
  switch (d.kind) {
    case 'mitigate': {
      const status = d.properties.status ?? 'implemented';
      const done = status === 'implemented' || status === 'verified';
      return { status: done ? 'mitigated' : 'planned', statusReason: `${done ? 'mitigated' : `mitigation ${status.replace('_', ' ')}`}: ${d.properties.by ?? ''}`.trim() };
    }
    case 'accept': {
      const expires = d.properties.expires;
      // `conclude` reports the lapse (AITM603).
      if (expires && expires < asOf) return { status: 'open', statusReason: `acceptance expired on ${expires}` };
      return { status: 'accepted', statusReason: `accepted by ${d.properties.owner ?? 'unknown'} until ${expires ?? 'unknown'}: ${d.properties.reason ?? ''}` };
    }
    case 'dismiss':
      return { status: 'dismissed', statusReason: `dismissed: ${d.properties.reason ?? ''}` };
  }
}

function dispositionSummary(d: Disposition): NonNullable<Finding['disposition']> {
  const p = d.properties as Record<string, string | undefined>;
  const summary: Record<string, unknown> = { kind: d.kind, span: d.span };
  for (const key of ['by', 'status', 'reason', 'owner', 'expires']) if (p[key] !== undefined) summary[key] = p[key];
  return summary as NonNullable<Finding['disposition']>;
}

/** Facts whose path comes in to the target: from where the attack starts, to the target. */
const inward = new Set(['receives-untrusted-content', 'requested-by-actor', 'publicly-exposed', 'receives-handoff', 'receives-llm-output']);
/** Facts whose path runs from what the target can reach (a tool, an interpreter, a way out) back to the target. */
const outward = new Set(['reaches-tool', 'output-reaches-interpreter', 'can-send-externally', 'reaches-data', 'reaches-model']);

/**
 * The main attack path: the way in to the target, then on from the target to what it can make
 * act (untrusted input → … → agent → … → tool with side effects); either half alone where the
 * finding has only one, and otherwise the longest path a fact has. Each is the longest of its sort,
 * the first among equals: a catalog may list its conditions in any order.
 */
function attackPath(matches: readonly Match[]): Step[] {
  const into = longestPath(matches, (m) => inward.has(m.predicate) && m.path.length > 1);
  const out = longestPath(matches, (m) => outward.has(m.predicate) && m.path.length > 1);
  if (into && out) return [...into, ...[...out].reverse().slice(1)];
  if (into) return [...into];
  if (out) return [...out].reverse();
  return [...(longestPath(matches, (m) => m.path.length > 0) ?? [])];
}

function longestPath(matches: readonly Match[], wanted: (m: Match) => boolean): readonly Step[] | undefined {
  let longest: readonly Step[] | undefined;
  for (const m of matches) if (wanted(m) && m.path.length > (longest?.length ?? 0)) longest = m.path;
  return longest;
}

/**
 * Why a finding fired, in one sentence that names the target and each fact with the path that
 * shows it: "agent `assistant` calls a language model (assistant → llm) and content an outsider
 * controls reaches it (customer → chat → assistant)."
 */
function explain(target: { kind: string; id: string }, matches: readonly Match[]): string {
  const clauses = matches.map((m) => {
    if (m.condition) return `its ${describeCondition(m.condition, false, true)}`;
    const definition = predicates[m.predicate as keyof typeof predicates] as { reason: string | ((args: unknown) => string) };
    const reason = typeof definition.reason === 'string' ? definition.reason : definition.reason(m.args ?? {});
    // What the target can reach reads from the target outwards.
    const path = outward.has(m.predicate) ? [...m.path].reverse() : m.path;
    return path.length > 1 ? `${reason} (${pathInWords(path)})` : reason;
  });
  const subject = `${target.kind} \`${target.id}\``;
  if (clauses.length === 0) return `${subject} is of a kind the threat applies to, whatever its properties.`;
  const listed = clauses.length === 1 ? clauses[0]! : `${clauses.slice(0, -1).join(', ')} and ${clauses.at(-1)}`;
  return `${subject}: ${listed}.`;
}

/** A path as `customer → chat → assistant`, each arrow the way its flow goes (a path may run against a flow: an answer). */
function pathInWords(path: readonly Step[]): string {
  let text = '';
  let previous: string | undefined;
  for (const step of path) {
    if (step.type === 'flow') {
      const f = step.flow;
      text += f.bidirectional ? ' ↔ ' : f.source === previous ? ' → ' : ' ← ';
      continue;
    }
    // Two elements in a row are joined by a relation rather than a flow (a model `trained_on` a dataset).
    if (previous !== undefined && !/ [→←↔] $/.test(text)) text += ' · ';
    text += step.id;
    previous = step.id;
  }
  return text;
}

function evidenceStep(step: Step, graph: SystemGraph): EvidenceStep {
  if (step.type === 'element') {
    const e = graph.elements.get(step.id)!;
    return { type: 'element', id: e.id, label: e.label, span: e.idSpan };
  }
  const f = step.flow;
  return { type: 'flow', id: f.id, label: f.label ?? f.id, span: f.span };
}

function unknownControls(model: SystemModel, catalog: Catalog): Diagnostic[] {
  const result: Diagnostic[] = [];
  // Spans are asked for only when there is something to point at: the model makes them on demand.
  const check = (controls: readonly string[], where: { readonly controlSpans: readonly Span[] }) => {
    controls.forEach((control, index) => {
      if (catalog.controls.has(control)) return;
      result.push(
        diagnostic('AITM600', `unknown control \`${control}\`: no catalog declares it, so it mitigates nothing`, {
          span: where.controlSpans[index],
          label: 'unknown control',
          help: didYouMean(control, catalog.controls.keys()) ?? 'see docs/catalog.md for the control ids, or declare the control in a catalog of your own',
        }),
      );
    });
  };
  const system = model.system;
  if (system?.properties.controls) check(system.properties.controls, system);
  for (const e of model.elements) if (e.controls.length > 0) check(e.controls, e);
  for (const f of model.flows) if (f.controls.length > 0) check(f.controls, f);
  for (const d of model.dispositions) if (d.kind === 'mitigate') check(d.properties.controls ?? [], d);
  return result;
}

function unmatchedDispositions(all: readonly Disposition[], used: ReadonlySet<Disposition>, known: ReadonlySet<string>, disabled: ReadonlySet<string>): Diagnostic[] {
  const result: Diagnostic[] = [];
  for (const d of all) {
    if (used.has(d) || disabled.has(d.threat)) continue;
    if (!known.has(d.threat)) {
      result.push(
        diagnostic('AITM601', `unknown threat \`${d.threat}\``, {
          span: d.threatSpan,
          label: 'not in the catalog',
          help: didYouMean(d.threat, known) ?? 'see docs/catalog.md for threat ids',
        }),
      );
      continue;
    }
    result.push(
      diagnostic('AITM602', `\`${d.threat}\` does not apply to \`${d.target.id}\``, {
        span: d.targetSpan,
        label: 'no such finding',
        help: 'the threat does not fire here, so the disposition has no effect; remove it or check the target',
      }),
    );
  }
  return result;
}
