import type { Span } from '../source/span.js';
import type {
  boundaryProperties,
  commonElementProperties,
  dataProperties,
  DispositionKind,
  dispositionProperties,
  ElementKind,
  elementProperties,
  flowProperties,
  PropertySpec,
  systemProperties,
  TrustLevel,
} from './vocabulary.js';

/**
 * The resolved model: every reference checked, every property validated and typed. Property types
 * are derived from the vocabulary tables, so adding a property there types it here.
 *
 * When a file has errors the model is still built from what was valid: a reference that did not
 * resolve is left out rather than kept dangling, so every id in the model names something in it.
 */

type ValueOf<S> = S extends { readonly type: 'enum'; readonly values: readonly (infer V)[]; readonly many: true }
  ? readonly V[]
  : S extends { readonly type: 'enum'; readonly values: readonly (infer V)[] }
    ? V
    : S extends { readonly type: 'ref' | 'symbol' | 'text'; readonly many: true }
      ? readonly string[]
      : S extends { readonly type: 'boolean' }
        ? boolean
        : S extends { readonly type: 'number' }
          ? number
          : string;

export type PropertiesOf<T extends Readonly<Record<string, PropertySpec>>> = {
  readonly [K in keyof T]?: ValueOf<T[K]>;
};

type CommonProperties = Omit<PropertiesOf<typeof commonElementProperties>, 'controls'>;

export type ElementProperties<K extends ElementKind> = CommonProperties & PropertiesOf<(typeof elementProperties)[K]>;

interface Declared {
  readonly id: string;
  /** The label as written, or the id when there is none. */
  readonly label: string;
  /** The whole declaration. */
  readonly span: Span;
  /** The id where it is declared: the narrowest place to point at. */
  readonly idSpan: Span;
  /** Where each property was written, for diagnostics and findings that point at one. */
  readonly propertySpans: Readonly<Record<string, Span>>;
}

export interface ElementOf<K extends ElementKind> extends Declared {
  readonly kind: K;
  /** The innermost boundary it is declared in. */
  readonly boundary: string | undefined;
  readonly controls: readonly string[];
  /** Where each control is written, item for item. */
  readonly controlSpans: readonly Span[];
  readonly properties: ElementProperties<K>;
}

export type Element = { [K in ElementKind]: ElementOf<K> }[ElementKind];
export type ActorElement = ElementOf<'actor'>;
export type ServiceElement = ElementOf<'service'>;
export type ApiElement = ElementOf<'api'>;
export type ModelElement = ElementOf<'model'>;
export type AgentElement = ElementOf<'agent'>;
export type ToolElement = ElementOf<'tool'>;
export type DatasetElement = ElementOf<'dataset'>;
export type StoreElement = ElementOf<'store'>;
export type PipelineElement = ElementOf<'pipeline'>;
export type ToolserverElement = ElementOf<'toolserver'>;

export interface DataAsset extends Declared {
  readonly properties: PropertiesOf<typeof dataProperties>;
}

export interface Boundary extends Declared {
  /** Its own trust level, or its parent's when it declares none. */
  readonly trust: TrustLevel;
  /** The enclosing boundary, if nested. */
  readonly parent: string | undefined;
  readonly properties: PropertiesOf<typeof boundaryProperties>;
}

export interface Flow extends Omit<Declared, 'label'> {
  /** Whether the author named the flow; otherwise `id` is derived from its ends (`a->b`, `a->b#2`). */
  readonly named: boolean;
  readonly label: string | undefined;
  readonly source: string;
  readonly target: string;
  /** Data moves both ways (`<->`). */
  readonly bidirectional: boolean;
  readonly carries: readonly string[];
  readonly controls: readonly string[];
  /** Where each control is written, item for item. */
  readonly controlSpans: readonly Span[];
  readonly properties: Omit<PropertiesOf<typeof flowProperties>, 'carries' | 'controls'>;
  /**
   * Set only on the flows the graph adds where a reference property states an interaction (an
   * agent's `uses`, `memory`, `delegates_to`, a tool's `server`): the property's name. Such flows
   * are never in `SystemModel.flows`.
   */
  readonly impliedBy?: string;
}

export type DispositionTarget =
  | { readonly type: 'element'; readonly id: string }
  | { readonly type: 'flow'; readonly id: string }
  | { readonly type: 'boundary'; readonly id: string };

export interface DispositionOf<K extends DispositionKind> {
  readonly kind: K;
  /** The threat id, as written; the catalog decides whether it exists. */
  readonly threat: string;
  readonly target: DispositionTarget;
  readonly properties: PropertiesOf<(typeof dispositionProperties)[K]>;
  /** Where each of `properties.controls` is written, item for item. */
  readonly controlSpans: readonly Span[];
  readonly span: Span;
  readonly threatSpan: Span;
  readonly targetSpan: Span;
}

export type Disposition = { [K in DispositionKind]: DispositionOf<K> }[DispositionKind];

export interface SystemInfo {
  readonly name: string;
  readonly properties: PropertiesOf<typeof systemProperties>;
  readonly span: Span;
  /** Where each of `properties.controls` is written, item for item. */
  readonly controlSpans: readonly Span[];
}

export interface SystemModel {
  readonly system: SystemInfo | undefined;
  /** Every file the model was read from, the entry file first, then imports depth-first. */
  readonly files: readonly string[];
  readonly data: readonly DataAsset[];
  readonly boundaries: readonly Boundary[];
  readonly elements: readonly Element[];
  readonly flows: readonly Flow[];
  readonly dispositions: readonly Disposition[];
}
