import { quote } from '../builder/write-source.js';
import type { LoadedCatalog } from '../catalog/load-catalog.js';
import { parseWithSyntax, type LoadResult } from '../compile.js';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { analyze, prepareCatalog } from '../engine/analyze.js';
import { formatFile } from '../format/format.js';
import { limits } from '../syntax/limits.js';
import {
  boundaryProperties,
  dataProperties,
  dispositionKinds,
  dispositionProperties,
  elementProperties,
  elementPropertyTable,
  flowProperties,
  requiredProperties,
  systemProperties,
  type DispositionKind,
  type ElementKind,
  type PropertySpec,
  type PropertyTable,
  type RefTarget,
  type TrustLevel,
} from '../semantics/vocabulary.js';
import { checkReferences, checkSchema, checkStructure, parseOtmJson, pathText, type JsonPath, type Locate } from './otm-check.js';
import { otmAttributeKeys } from './otm-export.js';
import { guessKind, type KindGuess } from './otm-kinds.js';
import {
  classificationFor,
  confidentialityRatings,
  importedState,
  outsideZone,
  trustLevelFor,
  trustRatings,
  unratedAssetRisk,
  type ImportedState,
} from './otm-mapping.js';
import type { OtmAttributes, OtmComponent, OtmDataflow, OtmDocument, OtmThreatInstance, OtmTrustZone } from './otm-types.js';

export interface OtmImportOptions {
  /** The name of the OTM file, for diagnostics. Default `<input>`. */
  readonly file?: string;
  /**
   * The OTM JSON Schema (draft-07) to validate the document with. Without it, aitm checks the
   * structure it reads itself (the required fields and their types).
   */
  readonly schema?: object;
  /** The threat catalog whose threat ids dispositions may name. Default: the built-in one. */
  readonly catalog?: LoadedCatalog;
}

export interface OtmImportResult {
  /**
   * The model as formatted .aitm source; undefined when the document could not be read (or, which
   * would be a bug, when what the importer wrote does not parse: the errors say why).
   */
  readonly text: string | undefined;
  /** Why it could not be read (errors), or what was left out or changed (warnings). */
  readonly diagnostics: Diagnostic[];
}

/**
 * An Open Threat Model document as an .aitm model: trust zones become boundaries, components
 * elements, dataflows flows, assets data, and threat instances that OTM marks mitigated or not
 * applicable become `mitigate` and `dismiss` dispositions where aitm's catalog knows the threat.
 * What aitm models differently is explained in a comment where it happens. The text is formatted
 * and parses without errors. Never throws on bad input: problems are diagnostics. A document aitm
 * exported (`toOtm`) comes back as the same model. The mapping is documented in docs/interop.md.
 */
export function fromOtm(text: string, options: OtmImportOptions = {}): OtmImportResult {
  const file = options.file ?? '<input>';
  const json = parseOtmJson(file, text);
  if (json.value === undefined) return { text: undefined, diagnostics: json.diagnostics };
  let shape = options.schema ? checkSchema(json.value, options.schema, json.locate) : [];
  if (shape.length === 0) shape = checkStructure(json.value, json.locate);
  if (shape.length > 0) return { text: undefined, diagnostics: shape };
  const doc = json.value as OtmDocument;
  const references = checkReferences(doc, json.locate);
  if (hasErrors(references)) return { text: undefined, diagnostics: references };
  return new Importer(doc, json.locate, options.catalog ?? prepareCatalog()).run();
}

// ---- names -------------------------------------------------------------------------------------

/** An id the lexer reads as one name and the resolver accepts: parts of letters, digits and `_`, joined by `-`. */
const aitmId = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*$/;
/** Any name: ids, and also dots between parts (tags, control ids). */
const nameToken = /^[A-Za-z_][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)*$/;
const validThreatId = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const maxIdLength = 64;

function isAitmId(text: string): boolean {
  return aitmId.test(text) && text !== 'true' && text !== 'false' && text.length <= maxIdLength;
}

/** Letters, digits, `_` and single `-` (or `.` too, for names); accents dropped; never starting with a digit. */
function sanitize(text: string, dots: boolean, lower: boolean): string {
  let s = text.normalize('NFKD').replace(/[\u0300-\u036f'\u2019]/g, '');
  if (lower) s = s.toLowerCase();
  s = s.replace(dots ? /[^A-Za-z0-9_.-]+/g : /[^A-Za-z0-9_-]+/g, '_');
  // Underscores beside a separator go first: dropping them can bring two separators together.
  s = s.replace(/_*([-.])_*/g, '$1').replace(dots ? /[-.]{2,}/g : /-{2,}/g, '-');
  s = s.replace(/^[-._]+|[-._]+$/g, '');
  if (/^[0-9]/.test(s)) s = `_${s}`;
  if (s.length > maxIdLength) s = s.slice(0, maxIdLength).replace(/[-._]+$/, '');
  if (s === 'true' || s === 'false') s = `${s}_`;
  return s;
}

/** A tag or other free word as a name, or undefined when nothing is left of it. */
function asName(text: string): string | undefined {
  if (isName(text)) return text;
  const s = sanitize(text, true, false);
  return s === '' ? undefined : s;
}

/** A word the lexer reads as one name, and not too long to be one token. */
function isName(text: string): boolean {
  return nameToken.test(text) && text !== 'true' && text !== 'false' && text.length <= limits.maxTokenLength;
}

/** Text shown in a comment: on one line, and not endless. */
function shown(text: string): string {
  const q = quote(text.length > 200 ? `${text.slice(0, 200)}…` : text);
  return q;
}

// ---- the output, before formatting -------------------------------------------------------------

interface Decl {
  readonly comments: string[];
  readonly head: string;
  readonly properties: (readonly [string, string])[];
  readonly members?: Decl[];
  /** Write `{}` even when empty (the system's block is required). */
  readonly block?: boolean;
}

function render(decl: Decl, indent: string, out: string[]): void {
  for (const c of decl.comments) out.push(`${indent}// ${c}`);
  if (decl.properties.length === 0 && !decl.members?.length) {
    out.push(`${indent}${decl.head}${decl.block ? ' {}' : ''}`);
    return;
  }
  out.push(`${indent}${decl.head} {`);
  for (const [key, value] of decl.properties) out.push(`${indent}  ${key}: ${value}`);
  let previous: Decl | undefined;
  for (const member of decl.members ?? []) {
    // A blank line before a nested boundary, and between a boundary and what follows it.
    if ((member.members !== undefined && (previous !== undefined || decl.properties.length > 0)) || previous?.members !== undefined) out.push('');
    render(member, `${indent}  `, out);
    previous = member;
  }
  out.push(`${indent}}`);
}

type Value = string | boolean | number | readonly string[];

interface Decoded {
  readonly properties: Map<string, Value>;
  /** Attributes that are not aitm properties, or whose value is not one aitm accepts, as `key = "value"`. */
  readonly leftovers: string[];
}

interface Target {
  /** The disposition target as written after `on`, or undefined when it cannot be written. */
  readonly on: string | undefined;
  /** The target as the analysis names it. */
  readonly key: string;
  readonly label: string;
}

interface StateCandidate {
  readonly instance: OtmThreatInstance;
  readonly state: ImportedState;
  readonly target: Target;
  readonly path: JsonPath;
}

// ---- the import --------------------------------------------------------------------------------

class Importer {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly zoneIds = new Map<string, string>();
  private readonly componentIds = new Map<string, string>();
  private readonly assetIds = new Map<string, string>();
  /** The name of each dataflow by its index, or undefined for a flow aitm derives an id for. */
  private readonly flowNames: (string | undefined)[] = [];
  private readonly kinds = new Map<string, KindGuess>();
  private readonly zones: OtmTrustZone[];
  private readonly components: OtmComponent[];
  private readonly dataflows: OtmDataflow[];
  private readonly zoneIndex = new Map<string, number>();
  private readonly componentIndex = new Map<string, number>();
  private readonly threatNames = new Map<string, string>();
  private readonly mitigationNames = new Map<string, string>();
  private readonly known: ReadonlySet<string>;
  private readonly controls: ReadonlySet<string>;
  /** Dispositions restored from `aitm.dispositions`, by `threat target-key`. */
  private readonly restored = new Set<string>();
  /** Data assets something refers to; the others get a comment, as aitm warns about them. */
  private readonly usedData = new Set<string>();
  /** How many explanatory comments were written (the header mentions them when there are any). */
  private notes = 0;

  constructor(
    private readonly doc: OtmDocument,
    private readonly locate: Locate,
    private readonly catalog: LoadedCatalog,
  ) {
    this.zones = doc.trustZones ?? [];
    this.components = doc.components ?? [];
    this.dataflows = doc.dataflows ?? [];
    this.zones.forEach((z, i) => this.zoneIndex.set(z.id, i));
    this.components.forEach((c, i) => this.componentIndex.set(c.id, i));
    for (const t of doc.threats ?? []) this.threatNames.set(t.id, t.name);
    for (const m of doc.mitigations ?? []) this.mitigationNames.set(m.id, m.name);
    this.known = new Set(catalog.catalog.threats.map((t) => t.id));
    this.controls = new Set(catalog.catalog.controls.keys());
  }

  run(): { text: string | undefined; diagnostics: Diagnostic[] } {
    for (const c of this.components) this.kinds.set(c.id, guessKind(c.type));
    this.assignIds();

    const system = this.system();
    const data = (this.doc.assets ?? []).map((a, i) => this.data(a, i));
    const { outside, roots } = this.boundaries();
    const flows = this.flows();
    const restored = this.restoredDispositions();

    const assemble = (threats: readonly string[]): string => {
      // Data comes first in the file but is checked for use last, once everything that refers to it is built.
      const out: string[] = [];
      const header = [
        `// ${oneLine(`Imported by aitm from an Open Threat Model document (OTM ${this.doc.otmVersion.slice(0, 40)}): project ${shown(this.doc.project.name)}, id ${shown(this.doc.project.id)}.`)}`,
      ];
      if (this.notes > 0) header.push('// Comments starting with "OTM" or "imported from OTM" say how OTM content was mapped: review them, then delete them.');
      out.push(...header, '');
      render(system, '', out);
      section(out, data);
      section(out, outside);
      for (const root of roots) section(out, [root]);
      section(out, flows);
      section(out, restored);
      if (threats.length > 0) out.push('', ...threats);
      return out.join('\n') + '\n';
    };
    this.commentUnusedData(data);

    // Threat instances OTM marks mitigated or not applicable become dispositions, but only where aitm
    // raises the threat and nothing already settles it: so the model is analysed without them first.
    // The text is parsed once when no disposition is added (the usual case), and twice otherwise.
    const firstText = assemble([]);
    let first: ReturnType<typeof parseWithSyntax> | undefined;
    const parseFirst = () => (first ??= parseWithSyntax(firstText, { file: 'imported.aitm' }));
    const threats = this.threatSection(parseFirst);
    const checked = threats.length === 0 ? parseFirst() : parseWithSyntax(assemble(threats), { file: 'imported.aitm' });
    // What the importer writes always parses; should it not, that is reported rather than written.
    const errors = checked.diagnostics.filter((d) => d.severity === 'error');
    this.diagnostics.push(...errors);
    return { text: errors.length > 0 ? undefined : formatFile(checked.syntax[0]!), diagnostics: this.diagnostics };
  }

  // ---- ids ---------------------------------------------------------------------------------------

  /**
   * One namespace for boundaries, elements, data and flow names, as in aitm. Ids that are already
   * valid are kept (the first of equal ones wins); the others are made from the id, or from the
   * name when the id is a UUID or has no letters, and numbered `_2`, `_3`… on a clash.
   */
  private assignIds(): void {
    const taken = new Set<string>();
    type Pending = { raw: string; name: string; fallback: string; set: (id: string) => void };
    const all: Pending[] = [];
    const synthetic = (z: OtmTrustZone) => z.type === outsideZone.type;
    for (const z of this.zones) if (!synthetic(z)) all.push({ raw: z.id, name: z.name, fallback: 'zone', set: (id) => this.zoneIds.set(z.id, id) });
    for (const c of this.components) all.push({ raw: c.id, name: c.name, fallback: this.kinds.get(c.id)!.kind, set: (id) => this.componentIds.set(c.id, id) });
    for (const a of this.doc.assets ?? []) all.push({ raw: a.id, name: a.name, fallback: 'data', set: (id) => this.assetIds.set(a.id, id) });
    this.dataflows.forEach((f, i) => {
      this.flowNames[i] = undefined;
      if (this.derivedFlowId(f)) return;
      all.push({ raw: f.id, name: f.name, fallback: 'flow', set: (id) => (this.flowNames[i] = id) });
    });
    const later: Pending[] = [];
    for (const p of all) {
      if (isAitmId(p.raw) && !uuidLike.test(p.raw) && !taken.has(p.raw)) {
        taken.add(p.raw);
        p.set(p.raw);
      } else later.push(p);
    }
    for (const p of later) {
      const fromName = uuidLike.test(p.raw) || !/[A-Za-z]/.test(p.raw);
      let base = fromName ? sanitize(p.name, false, true) : sanitize(p.raw, false, false);
      if (base === '' && !fromName) base = sanitize(p.name, false, true);
      if (base === '') base = p.fallback;
      let id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
      taken.add(id);
      p.set(id);
    }
  }

  /** The flow's id is the one aitm derives for an unnamed flow between its ends (`a->b`, `a<->b#2`): it was not named. */
  private derivedFlowId(f: OtmDataflow): boolean {
    const arrow = f.bidirectional ? '<->' : '->';
    const base = `${f.source}${arrow}${f.destination}`;
    return f.id === base || (f.id.startsWith(`${base}#`) && /^\d+$/.test(f.id.slice(base.length + 1)));
  }

  // ---- system ------------------------------------------------------------------------------------

  private system(): Decl {
    const project = this.doc.project;
    const comments: string[] = [];
    const decoded = this.decode(systemProperties, project.attributes, {});
    const properties = decoded.properties;
    if (project.owner != null && project.owner.trim() !== '') properties.set('owner', project.owner);
    if (!properties.has('owner')) {
      properties.set('owner', 'unknown');
      comments.push(this.note('OTM names no project owner: replace "unknown" with the team or person accountable for the system.'));
    }
    if (project.description != null && project.description !== '') properties.set('description', project.description);
    if (project.ownerContact != null && project.ownerContact !== '') comments.push(this.note(`OTM owner contact: ${shown(project.ownerContact)}`));
    if (project.tags && project.tags.length > 0) comments.push(this.note(`OTM project tags: ${project.tags.map(shown).join(', ')}`));
    if (decoded.leftovers.length > 0) comments.push(this.note(`OTM project attributes not imported: ${decoded.leftovers.join(', ')}`));
    return {
      comments,
      head: `system ${this.text(project.name, ['project', 'name'])}`,
      properties: this.written(systemProperties, properties, ['project']),
      block: true,
    };
  }

  // ---- data --------------------------------------------------------------------------------------

  private data(asset: NonNullable<OtmDocument['assets']>[number], index: number): Decl & { readonly id: string } {
    const id = this.assetIds.get(asset.id)!;
    const path = ['assets', index];
    const comments = this.idComment(asset.id, id);
    const decoded = this.decode(dataProperties, asset.attributes, {});
    const properties = decoded.properties;
    if (asset.description != null && asset.description !== '') properties.set('description', asset.description);
    // OTM's number wins when it disagrees with the classification kept beside it (edited in another tool).
    const classification = properties.get('classification') as keyof typeof confidentialityRatings | undefined;
    const rating = asset.risk.confidentiality;
    const kept = classification !== undefined && confidentialityRatings[classification] === rating;
    const unclassified = classification === undefined && this.fromAitm(asset.attributes) && rating === unratedAssetRisk;
    if (!kept && !unclassified) properties.set('classification', classificationFor(rating));
    if (decoded.leftovers.length > 0) comments.push(this.note(`OTM attributes not imported: ${decoded.leftovers.join(', ')}`));
    return {
      id,
      comments,
      head: this.header('data', id, asset.name, asset.id, [...path, 'name']),
      properties: this.written(dataProperties, properties, path),
    };
  }

  private commentUnusedData(data: readonly (Decl & { readonly id: string })[]): void {
    for (const d of data) {
      if (!this.usedData.has(d.id)) d.comments.push(this.note('OTM: no flow carries this asset and no store or dataset holds it, so aitm warns that it is unused (AITM501).'));
    }
  }

  // ---- boundaries and elements -------------------------------------------------------------------

  /** The boundary tree: zones nested by `parent.trustZone`, each holding its components. */
  private boundaries(): { outside: Decl[]; roots: Decl[] } {
    const zoneDecls = new Map<string, Decl>();
    const outside: Decl[] = [];
    const roots: Decl[] = [];
    // Effective trust, for deciding whether a nested zone states its own.
    const trust = new Map<string, TrustLevel>();
    const order = this.zonesParentsFirst();
    for (const index of order) {
      const z = this.zones[index]!;
      if (z.type === outsideZone.type) continue;
      const id = this.zoneIds.get(z.id)!;
      const path = ['trustZones', index];
      const comments = this.idComment(z.id, id);
      const decoded = this.decode(boundaryProperties, z.attributes, {});
      const properties = decoded.properties;
      const parentZone = this.enclosingZone(z.parent);
      if (z.parent?.component !== undefined) {
        const c = this.components[this.componentIndex.get(z.parent.component)!]!;
        comments.push(this.note(`OTM puts this trust zone inside component ${shown(c.name)} (${shown(c.id)}); aitm boundaries hold elements, so it sits beside it.`));
      }
      const parentTrust = parentZone !== undefined ? trust.get(parentZone) : undefined;
      const written = properties.get('trust') as TrustLevel | undefined;
      const rating = z.risk.trustRating;
      let effective: TrustLevel;
      if (written !== undefined && trustRatings[written] === rating) effective = written;
      else if (written === undefined && parentTrust !== undefined && trustRatings[parentTrust] === rating && this.fromAitm(z.attributes)) effective = parentTrust;
      else {
        effective = trustLevelFor(rating);
        properties.set('trust', effective);
        if (trustRatings[effective] !== rating) comments.push(this.note(`OTM trust rating ${rating}: the nearest aitm trust level is ${effective} (${trustRatings[effective]}).`));
      }
      trust.set(z.id, effective);
      if (z.description != null && z.description !== '') properties.set('description', z.description);
      if (decoded.leftovers.length > 0) comments.push(this.note(`OTM attributes not imported: ${decoded.leftovers.join(', ')}`));
      // A boundary always has a block, even an empty one that inherits its trust.
      const decl: Decl = { comments, head: this.header('boundary', id, z.name, z.id, [...path, 'name']), properties: this.written(boundaryProperties, properties, path), members: [], block: true };
      zoneDecls.set(z.id, decl);
      const parentDecl = parentZone !== undefined ? zoneDecls.get(parentZone) : undefined;
      (parentDecl?.members ?? roots).push(decl);
    }
    // Elements before nested boundaries, each list in OTM order.
    const elements = new Map<string, Decl[]>();
    this.components.forEach((c, index) => {
      const decl = this.element(c, index);
      const zone = this.enclosingZone(c.parent);
      if (zone === undefined) outside.push(decl);
      else elements.set(zone, [...(elements.get(zone) ?? []), decl]);
    });
    for (const [zone, list] of elements) zoneDecls.get(zone)!.members!.unshift(...list);
    if (outside.length > 0) {
      outside[0]!.comments.unshift(
        this.note('OTM: outside every trust zone aitm knows (aitm\'s "outside every boundary" zone). aitm treats these as untrusted and warns (AITM500).'),
      );
    }
    return { outside, roots };
  }

  /** Zone indexes with every zone after the zones (and components' zones) it is inside. */
  private zonesParentsFirst(): number[] {
    const order: number[] = [];
    const done = new Set<number>();
    const visit = (index: number) => {
      if (done.has(index)) return;
      done.add(index);
      const parent = this.enclosingZone(this.zones[index]!.parent);
      if (parent !== undefined) visit(this.zoneIndex.get(parent)!);
      order.push(index);
    };
    this.zones.forEach((_, i) => visit(i));
    return order;
  }

  /** The trust zone something is in, through any components it is inside; undefined outside every zone. */
  private enclosingZone(parent: OtmTrustZone['parent']): string | undefined {
    let p = parent;
    for (let steps = 0; p && steps <= this.components.length; steps++) {
      if (p.trustZone !== undefined) {
        const zone = this.zones[this.zoneIndex.get(p.trustZone)!]!;
        return zone.type === outsideZone.type ? undefined : zone.id;
      }
      p = this.components[this.componentIndex.get(p.component!)!]!.parent;
    }
    return undefined;
  }

  private element(c: OtmComponent, index: number): Decl {
    const id = this.componentIds.get(c.id)!;
    const guess = this.kinds.get(c.id)!;
    const kind = guess.kind;
    const table = elementPropertyTable(kind);
    const path = ['components', index];
    const own = this.fromAitm(c.attributes);
    const comments: string[] = [];
    if (guess.how === 'keyword') comments.push(this.note(`imported from OTM type ${shown(c.type)}: mapped to ${kind}`));
    if (guess.how === 'default') comments.push(this.note(`imported from OTM type ${shown(c.type)}: mapped to ${kind} (no word of the type names an aitm kind)`));
    comments.push(...this.idComment(c.id, id));
    if (c.parent.component !== undefined) {
      const p = this.components[this.componentIndex.get(c.parent.component)!]!;
      comments.push(this.note(`OTM puts this component inside component ${shown(p.name)} (${shown(p.id)}); aitm elements do not nest, so it sits beside it.`));
    }
    const decoded = this.decode(table, c.attributes, { self: id });
    const properties = decoded.properties;
    if (c.description != null && c.description !== '') properties.set('description', c.description);
    if (!own) {
      for (const [key, value] of Object.entries(guess.properties)) if (!properties.has(key)) properties.set(key, value);
      const tags = (c.tags ?? []).flatMap((t) => (t === null ? [] : [asName(t)])).filter((t): t is string => t !== undefined);
      if (tags.length > 0 && !properties.has('tags')) properties.set('tags', [...new Set(tags)]);
      const stored = this.assetList(c.assets?.stored);
      const keeps = kind === 'store' ? 'holds' : kind === 'dataset' ? 'contains' : undefined;
      if (stored.length > 0 && keeps && !properties.has(keeps)) properties.set(keeps, stored);
      else if (stored.length > 0) comments.push(this.note(`OTM: stores ${stored.join(', ')}`));
      const processed = this.assetList(c.assets?.processed);
      if (processed.length > 0) comments.push(this.note(`OTM: processes ${processed.join(', ')}`));
    }
    if (decoded.leftovers.length > 0) comments.push(this.note(`OTM attributes not imported: ${decoded.leftovers.join(', ')}`));
    return { comments, head: this.header(kind, id, c.name, c.id, [...path, 'name']), properties: this.written(table, properties, path, kind) };
  }

  private assetList(ids: readonly (string | null)[] | null | undefined): string[] {
    return [...new Set((ids ?? []).flatMap((a) => (a === null ? [] : [this.assetIds.get(a)!])))];
  }

  // ---- flows -------------------------------------------------------------------------------------

  private flows(): Decl[] {
    const decls: Decl[] = [];
    this.dataflows.forEach((f, index) => {
      const path = ['dataflows', index];
      const source = this.componentIds.get(f.source)!;
      const target = this.componentIds.get(f.destination)!;
      const name = this.flowNames[index];
      if (source === target) {
        this.diagnostics.push(
          diagnostic('AITM804', `${pathText(path)}: dataflow \`${f.id}\` goes from \`${f.source}\` to itself, which aitm cannot model; it is left out`, {
            span: this.locate([...path, 'destination']),
            label: 'same component as the source',
            help: 'in aitm a flow joins two different elements; model the inner parts as separate components',
          }),
        );
        decls.push({ comments: [this.note(`OTM dataflow ${shown(f.name)} (${shown(f.id)}) from ${source} to itself: aitm flows join two different elements, so it is left out.`)], head: '', properties: [] });
        return;
      }
      const comments = name !== undefined ? this.idComment(f.id, name) : [];
      const own = this.fromAitm(f.attributes);
      const table: PropertyTable = Object.fromEntries(Object.entries(flowProperties).filter(([key]) => key !== 'carries'));
      const decoded = this.decode(table, f.attributes, {});
      const properties = decoded.properties;
      const carries = this.assetList(f.assets);
      for (const d of carries) this.usedData.add(d);
      if (f.description != null && f.description !== '') properties.set('description', f.description);
      if (!own) {
        const tags = (f.tags ?? []).filter((t): t is string => t !== null);
        const protocols = flowProperties.protocol.values as readonly string[];
        const protocol = tags.find((t) => protocols.includes(t.toLowerCase()));
        if (protocol !== undefined && !properties.has('protocol')) properties.set('protocol', protocol.toLowerCase());
        const rest = tags.filter((t) => t !== protocol);
        if (rest.length > 0) comments.push(this.note(`OTM tags: ${rest.map(shown).join(', ')}`));
      }
      if (decoded.leftovers.length > 0) comments.push(this.note(`OTM attributes not imported: ${decoded.leftovers.join(', ')}`));
      const arrow = f.bidirectional ? '<->' : '->';
      const label = f.name === f.id ? '' : ` ${this.text(f.name, [...path, 'name'])}`;
      const head = `flow ${name !== undefined ? `${name}: ` : ''}${source} ${arrow} ${target}${label}`;
      const written = [...(carries.length > 0 ? [['carries', `[${carries.join(', ')}]`] as const] : []), ...this.written(table, properties, path)];
      decls.push({ comments, head, properties: written });
    });
    return decls;
  }

  // ---- dispositions ------------------------------------------------------------------------------

  /** The target a disposition on an OTM object is written with. */
  private targetOf(type: 'zone' | 'component' | 'flow', index: number): Target {
    if (type === 'zone') {
      const z = this.zones[index]!;
      const id = this.zoneIds.get(z.id);
      return { on: id, key: `boundary:${id}`, label: id ?? z.id };
    }
    if (type === 'component') {
      const id = this.componentIds.get(this.components[index]!.id)!;
      return { on: id, key: `element:${id}`, label: id };
    }
    const f = this.dataflows[index]!;
    const name = this.flowNames[index];
    if (name !== undefined) return { on: name, key: `flow:${name}`, label: name };
    const source = this.componentIds.get(f.source)!;
    const target = this.componentIds.get(f.destination)!;
    const suffix = f.id.includes('#') ? f.id.slice(f.id.lastIndexOf('#')) : '';
    const derived = `${source}${f.bidirectional ? '<->' : '->'}${target}${suffix}`;
    // `on a -> b` names the one flow from a to b (a `<->` flow either way); with more than one, it names none.
    const matches = this.dataflows.filter((g) => {
      const s = this.componentIds.get(g.source)!;
      const t = this.componentIds.get(g.destination)!;
      return s !== t && ((s === source && t === target) || (Boolean(g.bidirectional) && s === target && t === source));
    });
    return { on: matches.length === 1 ? `${source} -> ${target}` : undefined, key: `flow:${derived}`, label: derived };
  }

  /** Dispositions aitm kept in `aitm.dispositions`, restored as they were declared. */
  private restoredDispositions(): Decl[] {
    const decls: Decl[] = [];
    const objects: { type: 'zone' | 'component' | 'flow'; list: 'trustZones' | 'components' | 'dataflows'; attributes: OtmAttributes | null | undefined }[][] = [
      this.zones.map((z) => ({ type: 'zone' as const, list: 'trustZones' as const, attributes: z.attributes })),
      this.components.map((c) => ({ type: 'component' as const, list: 'components' as const, attributes: c.attributes })),
      this.dataflows.map((f) => ({ type: 'flow' as const, list: 'dataflows' as const, attributes: f.attributes })),
    ];
    for (const group of objects) {
      group.forEach((o, index) => {
        const raw = o.attributes?.[otmAttributeKeys.dispositions];
        if (raw === undefined) return;
        if (o.type === 'flow' && this.selfFlow(this.dataflows[index]!)) return; // left out, with a warning already
        const path = [o.list, index, 'attributes', otmAttributeKeys.dispositions];
        const leaveOut = (why: string) => {
          this.diagnostics.push(diagnostic('AITM804', `${pathText(path)}: ${why}; it is left out`, { span: this.locate(path), help: 'this attribute is written by `aitm export`; export the model again rather than edit it' }));
        };
        let records: unknown;
        try {
          records = JSON.parse(String(raw));
        } catch {
          leaveOut('not a JSON array of dispositions');
          return;
        }
        if (!Array.isArray(records)) {
          leaveOut('not a JSON array of dispositions');
          return;
        }
        const target = this.targetOf(o.type, index);
        for (const record of records) {
          const d = this.disposition(record, target);
          if (typeof d === 'string') leaveOut(d);
          else decls.push(d);
        }
      });
    }
    return decls;
  }

  private disposition(record: unknown, target: Target): Decl | string {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'a disposition is not an object';
    const r = record as Record<string, unknown>;
    const kind = r.kind;
    if (typeof kind !== 'string' || !(dispositionKinds as readonly string[]).includes(kind)) return `\`${String(kind)}\` is not a disposition kind`;
    const threat = r.threat;
    if (typeof threat !== 'string' || !validThreatId.test(threat)) return `\`${String(threat)}\` is not a threat id`;
    if (target.on === undefined) return `the disposition of \`${threat}\` is on \`${target.label}\`, which cannot be named in aitm`;
    const table: PropertyTable = dispositionProperties[kind as DispositionKind];
    const properties = new Map<string, Value>();
    for (const key of Object.keys(table)) {
      if (r[key] === undefined) continue;
      const value = this.decodeValue(table[key]!, r[key], {});
      if (value.value === undefined || value.rejected.length > 0) return `\`${key}\` of the disposition of \`${threat}\` is not valid`;
      properties.set(key, value.value);
    }
    for (const key of requiredProperties[kind as DispositionKind]) if (!properties.has(key)) return `the disposition of \`${threat}\` has no \`${key}\``;
    this.restored.add(`${threat} ${target.key}`);
    return { comments: [], head: `${kind} ${threat} on ${target.on}`, properties: this.written(table, properties, []) };
  }

  /**
   * Threat instances: those marked mitigated, partly mitigated or not applicable become
   * dispositions where aitm raises the threat on that target and it is still open; the rest that
   * aitm cannot take in (threats it does not know, acceptances without an owner or a date) are kept
   * as comments.
   */
  private threatSection(parseFirst: () => LoadResult): string[] {
    const candidates: StateCandidate[] = [];
    this.components.forEach((c, index) => {
      (c.threats ?? []).forEach((instance, i) => candidates.push({ instance, state: importedState(instance.state), target: this.targetOf('component', index), path: ['components', index, 'threats', i] }));
    });
    this.dataflows.forEach((f, index) => {
      if (this.selfFlow(f)) return;
      (f.threats ?? []).forEach((instance, i) => candidates.push({ instance, state: importedState(instance.state), target: this.targetOf('flow', index), path: ['dataflows', index, 'threats', i] }));
    });
    if (candidates.length === 0) return [];

    // Only a known threat marked settled needs to know what aitm makes of it: only those are analysed.
    const settledState = (state: ImportedState) => state === 'mitigated' || state === 'partly-mitigated' || state === 'not-applicable' || state === 'accepted';
    const asked = new Set(candidates.filter((c) => settledState(c.state) && this.known.has(c.instance.threat)).map((c) => c.instance.threat));
    const statuses = new Map<string, string>();
    const first = asked.size > 0 ? parseFirst() : undefined;
    if (first?.ok) {
      const disable = [...this.known].filter((id) => !asked.has(id));
      for (const f of analyze(first.model, { catalog: this.catalog, disable, asOf: '1970-01-01' }).findings) statuses.set(`${f.threat} ${f.target.type}:${f.target.id}`, f.status);
    }

    const lines: string[] = [];
    const emitted = new Set<string>();
    for (const c of candidates) {
      const threat = c.instance.threat;
      const key = `${threat} ${c.target.key}`;
      if (this.restored.has(key)) continue;
      const described = () => this.describeInstance(c);
      if (!this.known.has(threat)) {
        lines.push(`// ${this.note(`${described()}: aitm's catalog has no threat with this id.`)}`);
        continue;
      }
      const status = statuses.get(key);
      if (!settledState(c.state)) continue;
      if (status === undefined) {
        lines.push(`// ${this.note(`${described()}: aitm's catalog does not raise this threat there.`)}`);
        continue;
      }
      if (c.state === 'accepted') {
        if (status !== 'accepted') lines.push(`// ${this.note(`${described()}: to accept it in aitm, write \`accept ${threat} on ${c.target.on ?? c.target.label}\` with a reason, an owner and an expiry date.`)}`);
        continue;
      }
      if (status !== 'open' || emitted.has(key)) continue;
      if (c.target.on === undefined) {
        lines.push(`// ${this.note(`${described()}: the flow cannot be named in aitm; name it to record this.`)}`);
        continue;
      }
      emitted.add(key);
      const mitigations = (c.instance.mitigations ?? []).filter((m): m is { mitigation: string | null; state: string | null } => m !== null && m.mitigation !== null);
      const listed = mitigations.map((m) => `${this.mitigationNames.get(m.mitigation!) ?? m.mitigation} (${m.state ?? 'no state'})`);
      const controls = [...new Set(mitigations.filter((m) => this.controls.has(m.mitigation!) && importedState(m.state ?? '') === 'mitigated').map((m) => m.mitigation!))];
      const properties: (readonly [string, string])[] = [];
      if (c.state === 'not-applicable') {
        properties.push(['reason', this.text(`Imported from OTM: the threat instance is "${c.instance.state}"${listed.length > 0 ? `; mitigations: ${listed.join(', ')}` : ''}.`, c.path)]);
        lines.push(...renderLines({ comments: [], head: `dismiss ${threat} on ${c.target.on}`, properties }));
      } else {
        properties.push(['by', this.text(`Imported from OTM: the threat instance is "${c.instance.state}"${listed.length > 0 ? `; mitigations: ${listed.join(', ')}` : ''}.`, c.path)]);
        if (c.state === 'partly-mitigated') properties.push(['status', 'in_progress']);
        if (controls.length > 0) properties.push(['controls', `[${controls.join(', ')}]`]);
        lines.push(...renderLines({ comments: [], head: `mitigate ${threat} on ${c.target.on}`, properties }));
      }
    }
    return lines;
  }

  private describeInstance(c: StateCandidate): string {
    const threat = c.instance.threat;
    const name = this.threatNames.get(threat);
    const mitigations = (c.instance.mitigations ?? []).flatMap((m) => (m && m.mitigation !== null ? [`${shown(this.mitigationNames.get(m.mitigation) ?? m.mitigation)} (${m.state ?? 'no state'})`] : []));
    const what = name !== undefined && name !== threat ? `${shown(name)} (${shown(threat)})` : shown(threat);
    return `OTM threat ${what} on ${c.target.label} is ${shown(c.instance.state)}${mitigations.length > 0 ? `, mitigations: ${mitigations.join(', ')}` : ''}`;
  }

  // ---- properties --------------------------------------------------------------------------------

  private selfFlow(f: OtmDataflow): boolean {
    return this.componentIds.get(f.source) === this.componentIds.get(f.destination);
  }

  /** Whether aitm wrote the object (`aitm.source`): its properties are then read only from its attributes. */
  private fromAitm(attributes: OtmAttributes | null | undefined): boolean {
    return typeof attributes?.[otmAttributeKeys.source] === 'string';
  }

  /**
   * The attributes that are properties of the declaration, with values aitm accepts. References
   * name OTM ids and are turned into aitm ids; the others are returned as leftovers.
   */
  private decode(table: PropertyTable, attributes: OtmAttributes | null | undefined, context: { self?: string }): Decoded {
    const properties = new Map<string, Value>();
    const leftovers: string[] = [];
    for (const [key, raw] of Object.entries(attributes ?? {})) {
      if (key.startsWith('aitm.')) continue;
      const spec = Object.hasOwn(table, key) ? table[key] : undefined;
      const shownValue = typeof raw === 'string' ? shown(raw) : shown(JSON.stringify(raw) ?? String(raw));
      if (!spec || raw === null || typeof raw === 'object') {
        leftovers.push(`${shown(key)} = ${shownValue}`);
        continue;
      }
      const decoded = this.decodeValue(spec, raw, context);
      if (decoded.value !== undefined) properties.set(key, decoded.value);
      if (decoded.value === undefined || decoded.rejected.length > 0) {
        leftovers.push(`${shown(key)} = ${decoded.value === undefined ? shownValue : decoded.rejected.map(shown).join(', ')} (not a value aitm accepts there)`);
      }
    }
    return { properties, leftovers };
  }

  /** One property value from an attribute string (lists joined with `, `, or lines for text) or from JSON. */
  private decodeValue(spec: PropertySpec, raw: unknown, context: { self?: string }): { value: Value | undefined; rejected: string[] } {
    const many = 'many' in spec && spec.many === true;
    const scalar = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'boolean' || typeof v === 'number' ? String(v) : undefined);
    if (many) {
      let items: string[];
      if (Array.isArray(raw)) items = raw.map(scalar).filter((v): v is string => v !== undefined);
      else if (typeof raw === 'string' && spec.type === 'text') items = textList(raw);
      else if (typeof raw === 'string') items = raw.split(/\s*,\s*/).map((s) => s.trim());
      else return { value: undefined, rejected: [] };
      items = items.filter((s) => s !== '');
      const accepted: string[] = [];
      const rejected: string[] = [];
      for (const item of items) {
        const value = this.item(spec, item, context);
        if (value === undefined) rejected.push(item);
        else if (!accepted.includes(String(value))) accepted.push(String(value));
      }
      return { value: accepted.length > 0 ? accepted : undefined, rejected };
    }
    const text = scalar(raw);
    if (text === undefined) return { value: undefined, rejected: [] };
    return { value: this.item(spec, text, context), rejected: [] };
  }

  private item(spec: PropertySpec, text: string, context: { self?: string }): Value | undefined {
    switch (spec.type) {
      case 'text':
        return spec.pattern === undefined || new RegExp(spec.pattern, 'u').test(text) ? text : undefined;
      case 'boolean':
        return text === 'true' ? true : text === 'false' ? false : undefined;
      case 'number': {
        if (!/^-?\d+(?:\.\d+)?$/.test(text) || text.length > limits.maxTokenLength) return undefined;
        const n = Number(text);
        return spec.minimum !== undefined && n < spec.minimum ? undefined : n;
      }
      case 'date':
        return isDate(text) ? text : undefined;
      case 'enum':
        return spec.values.includes(text) ? text : undefined;
      case 'symbol':
        return isName(text) ? text : undefined;
      case 'ref': {
        const id = this.reference(text, spec.to);
        return id !== undefined && id !== context.self ? id : undefined;
      }
    }
  }

  /** The aitm id of the asset or component an OTM id names, if it is of a kind the property accepts. */
  private reference(otmId: string, to: readonly RefTarget[]): string | undefined {
    if (to.includes('data') && this.assetIds.has(otmId)) return this.assetIds.get(otmId);
    const kind = this.kinds.get(otmId)?.kind;
    if (kind !== undefined && to.includes(kind)) return this.componentIds.get(otmId);
    return undefined;
  }

  /**
   * The properties in the vocabulary's order, written as .aitm values. An element's own properties
   * come after its description and before the ones every element has.
   */
  private written(table: PropertyTable, properties: ReadonlyMap<string, Value>, path: JsonPath, kind?: ElementKind): (readonly [string, string])[] {
    const result: (readonly [string, string])[] = [];
    const order = kind === undefined ? Object.keys(table) : [...new Set(['description', ...Object.keys(elementProperties[kind]), ...Object.keys(table)])];
    for (const key of order) {
      const value = properties.get(key);
      if (value === undefined) continue;
      const spec = table[key]!;
      if (spec.type === 'ref' && spec.to.includes('data')) for (const v of Array.isArray(value) ? (value as string[]) : [String(value)]) this.usedData.add(v);
      result.push([key, this.valueText(spec, value, [...path, key])]);
    }
    return result;
  }

  private valueText(spec: PropertySpec, value: Value, path: JsonPath): string {
    if (Array.isArray(value)) return `[${(value as readonly string[]).map((v) => (spec.type === 'text' ? this.text(v, path) : v)).join(', ')}]`;
    if (spec.type === 'text') return this.text(String(value), path);
    return String(value);
  }

  // ---- text --------------------------------------------------------------------------------------

  /** A string literal, shortened (with a warning) when it would be longer than a token may be. */
  private text(value: string, path: JsonPath): string {
    const q = quote(value);
    if (q.length <= limits.maxTokenLength) return q;
    let n = Math.floor((value.length * (limits.maxTokenLength - 16)) / q.length);
    while (n > 0 && quote(value.slice(0, n) + '…').length > limits.maxTokenLength) n = Math.floor(n * 0.9);
    this.diagnostics.push(
      diagnostic('AITM804', `${pathText(path)}: text of ${value.length} characters is shortened to ${n}, as aitm strings are at most ${limits.maxTokenLength} characters long`, {
        span: this.locate(path),
        help: 'shorten it in the OTM document, or keep the full text elsewhere and refer to it',
      }),
    );
    return quote(value.slice(0, n) + '…');
  }

  private header(keyword: string, id: string, name: string, otmId: string, namePath: JsonPath): string {
    return name === otmId || name === id ? `${keyword} ${id}` : `${keyword} ${id} ${this.text(name, namePath)}`;
  }

  private idComment(otmId: string, id: string): string[] {
    return otmId === id ? [] : [this.note(`OTM id ${shown(otmId)}`)];
  }

  private note(text: string): string {
    this.notes++;
    return oneLine(text);
  }
}

/** Text for a line comment: control characters and line breaks become spaces. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

function section(out: string[], decls: readonly Decl[]): void {
  if (decls.length === 0) return;
  out.push('');
  for (const d of decls) {
    if (d.head === '') out.push(...d.comments.map((c) => `// ${c}`));
    else render(d, '', out);
  }
}

function renderLines(decl: Decl): string[] {
  const out: string[] = [];
  render(decl, '', out);
  return out;
}

/** A list of free text as `attributeValue` writes it: one item per line, or a JSON array. */
function textList(text: string): string[] {
  if (text.startsWith('[')) {
    try {
      const items: unknown = JSON.parse(text);
      if (Array.isArray(items) && items.every((i) => typeof i === 'string')) return items as string[];
    } catch {
      // not JSON: one item per line
    }
  }
  return text.split(/\r\n|\r|\n/);
}

function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}
