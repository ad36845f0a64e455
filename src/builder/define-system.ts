import { parse, type LoadResult } from '../compile.js';
import {
  elementKinds,
  type boundaryProperties,
  type commonElementProperties,
  type dataProperties,
  type DispositionKind,
  type dispositionProperties,
  type ElementKind,
  type elementProperties,
  type flowProperties,
  type PropertyTable,
  type RefTarget,
  type requiredProperties,
  type systemProperties,
  type TrustLevel,
} from '../semantics/vocabulary.js';
import { writeSource, type Properties, type SourceDecl } from './write-source.js';

/**
 * A typed builder for models: `defineSystem(...)` writes the equivalent .aitm text and parses it,
 * so a model built in TypeScript goes through exactly the checks a file does and gives the same
 * model, diagnostics and findings. The property types are derived from the vocabulary tables, so
 * TypeScript rejects a property or value the language does not have.
 */

// ---- handles ---------------------------------------------------------------------------------

/** What a handle can name. */
export type HandleKind = ElementKind | 'data' | 'boundary';

/**
 * A declared element, data asset or boundary. Use it wherever its id is expected: TypeScript then
 * checks that it is of a kind the property accepts (a model in `uses`, a data asset in `carries`).
 */
export interface Handle<K extends HandleKind = HandleKind> {
  readonly kind: K;
  readonly id: string;
}

/** A reference to a declaration of one of the kinds `T`: its id, or its handle. */
export type Ref<T extends HandleKind> = string | Handle<T>;

/** A flow: name it in `mitigate`, `accept` or `dismiss` to target it. */
export interface FlowHandle {
  readonly kind: 'flow';
  /** Its name (`flow name: a -> b`), if it has one; an unnamed flow is targeted by its two ends. */
  readonly name: string | undefined;
  readonly source: string;
  readonly target: string;
  readonly bidirectional: boolean;
}

// ---- property types, derived from the vocabulary ----------------------------------------------

type InputOf<S> = S extends { readonly type: 'enum'; readonly values: readonly (infer V)[]; readonly many: true }
  ? readonly V[]
  : S extends { readonly type: 'enum'; readonly values: readonly (infer V)[] }
    ? V
    : S extends { readonly type: 'ref'; readonly to: readonly (infer T extends RefTarget)[]; readonly many: true }
      ? readonly Ref<T>[]
      : S extends { readonly type: 'ref'; readonly to: readonly (infer T extends RefTarget)[] }
        ? Ref<T>
        : S extends { readonly type: 'symbol' | 'text'; readonly many: true }
          ? readonly string[]
          : S extends { readonly type: 'boolean' }
            ? boolean
            : S extends { readonly type: 'number' }
              ? number
              : string; // text, symbol, and date (YYYY-MM-DD)

/** Flattens an intersection, so that editors show one object type. */
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The properties a declaration with this vocabulary table accepts, each optional. */
export type InputProperties<T extends PropertyTable> = { readonly [K in keyof T]?: InputOf<T[K]> };

export type SystemInput = InputProperties<typeof systemProperties>;
export type DataInput = InputProperties<typeof dataProperties>;
export type ElementInput<K extends ElementKind> = Simplify<
  InputProperties<typeof commonElementProperties> & InputProperties<(typeof elementProperties)[K]>
>;
/** A nested boundary inherits its parent's trust when it declares none. */
export type BoundaryInput = InputProperties<typeof boundaryProperties>;
/** A top-level boundary must say how far it is trusted. */
export type TopBoundaryInput = Simplify<BoundaryInput & { readonly trust: TrustLevel }>;

export type FlowInput = Simplify<
  InputProperties<typeof flowProperties> & {
    /** Names the flow (`flow name: a -> b`), so that dispositions and reports can refer to it. */
    readonly name?: string;
    /** The human-readable label. */
    readonly label?: string;
    /** Data moves both ways (`a <-> b`). */
    readonly bidirectional?: boolean;
  }
>;

type DispositionTable<K extends DispositionKind> = (typeof dispositionProperties)[K];
/** A disposition's properties, with the ones the language requires required. */
export type DispositionInput<K extends DispositionKind> = Simplify<
  InputProperties<DispositionTable<K>> &
    Required<Pick<InputProperties<DispositionTable<K>>, Extract<(typeof requiredProperties)[K][number], keyof DispositionTable<K>>>>
>;

/** An element at one end of a flow. */
export type Endpoint = Ref<ElementKind>;

/**
 * What a disposition is about: an element, a boundary (everything inside it) or a named flow, by id
 * or handle; a flow's handle; or the two ends of a flow (`on a -> b`).
 */
export type DispositionTargetInput = Ref<ElementKind | 'boundary'> | FlowHandle | readonly [Endpoint, Endpoint];

// These flow options are not properties of the language; they must never collide with one.
type Assert<T extends true> = T;
type FlowOptionsAreNotProperties = Assert<
  Extract<keyof typeof flowProperties, 'name' | 'label' | 'bidirectional'> extends never ? true : false
>;

// ---- builders --------------------------------------------------------------------------------

/** Declares something with an id, an optional label and optional properties. */
export interface Declare<P, H> {
  (id: string, label?: string, properties?: P): H;
  (id: string, properties: P): H;
}

type ElementMethods = { readonly [K in ElementKind]: Declare<ElementInput<K>, Handle<K>> };

/** Declares the elements and nested boundaries inside a boundary. */
export interface BoundaryBuilder extends ElementMethods {
  /** A nested boundary. Without `trust`, it inherits this boundary's. */
  boundary(id: string, label: string, properties: BoundaryInput, body?: (b: BoundaryBuilder) => void): Handle<'boundary'>;
  boundary(id: string, label: string, body?: (b: BoundaryBuilder) => void): Handle<'boundary'>;
  boundary(id: string, properties: BoundaryInput, body?: (b: BoundaryBuilder) => void): Handle<'boundary'>;
  boundary(id: string, body?: (b: BoundaryBuilder) => void): Handle<'boundary'>;
}

/** Declares the top-level statements of a model. Statements are written in the order of the calls. */
export interface SystemBuilder {
  /** A data asset: information that is kept or moves. */
  readonly data: Declare<DataInput, Handle<'data'>>;
  /** A trust boundary; declare its elements and nested boundaries in `body`. */
  boundary(id: string, label: string, properties: TopBoundaryInput, body?: (b: BoundaryBuilder) => void): Handle<'boundary'>;
  boundary(id: string, properties: TopBoundaryInput, body?: (b: BoundaryBuilder) => void): Handle<'boundary'>;
  /** A flow from `source` to `target` (both ways with `bidirectional: true`). */
  flow(source: Endpoint, target: Endpoint, options?: FlowInput): FlowHandle;
  /** The threat is, or will be, countered (`by` says how). */
  mitigate(threat: string, target: DispositionTargetInput, properties: DispositionInput<'mitigate'>): void;
  /** The risk is known and accepted until `expires` (YYYY-MM-DD). */
  accept(threat: string, target: DispositionTargetInput, properties: DispositionInput<'accept'>): void;
  /** The threat does not apply here: a false positive. */
  dismiss(threat: string, target: DispositionTargetInput, properties: DispositionInput<'dismiss'>): void;
}

export interface DefineSystemOptions {
  /** The file name of the generated source, used in spans and diagnostics. Default `<builder>`. */
  readonly file?: string;
}

export interface BuiltSystem extends LoadResult {
  /**
   * The generated .aitm text. Spans in the model and the diagnostics point into it (it is also in
   * `sources`, under `file`); saved to a file, it loads as the same model.
   */
  readonly source: string;
  /** The file name the source was parsed as. */
  readonly file: string;
}

/**
 * Build a model in TypeScript. The callback declares data, boundaries (with their elements), flows
 * and dispositions; the result is what `parse` returns for the equivalent .aitm text, plus that
 * text. Mistakes that TypeScript cannot catch, such as a reference to an id that is not declared,
 * come back as diagnostics (`ok` is false), exactly as they would from a file.
 *
 * @example
 * const { model, ok, diagnostics } = defineSystem('Support Assistant', { owner: 'appsec@example.com' }, (s) => {
 *   s.boundary('prod', 'Production', { trust: 'internal' }, (b) => {
 *     b.agent('assistant', 'Assistant', { autonomy: 'supervised', uses: ['llm'] });
 *     b.model('llm', 'Chat model', { type: 'llm', hosting: 'external_api' });
 *   });
 * });
 */
export function defineSystem(
  name: string,
  properties: SystemInput,
  body: (s: SystemBuilder) => void,
  options?: DefineSystemOptions,
): BuiltSystem;
export function defineSystem(name: string, body: (s: SystemBuilder) => void, options?: DefineSystemOptions): BuiltSystem;
export function defineSystem(
  name: string,
  ...args: [SystemInput, (s: SystemBuilder) => void, DefineSystemOptions?] | [(s: SystemBuilder) => void, DefineSystemOptions?]
): BuiltSystem {
  const [properties, body, options] =
    typeof args[0] === 'function' ? [{}, args[0], args[1] as DefineSystemOptions | undefined] : [args[0], args[1], args[2]];
  ensure(typeof name === 'string', 'the system name must be a string');
  ensure(typeof body === 'function', 'defineSystem needs a callback that declares the model');
  const decls: SourceDecl[] = [{ type: 'system', name, properties: propertiesOf(properties) }];
  const scope = new Scope('defineSystem');
  run(body, systemBuilder(decls, scope), scope);
  const file = options?.file ?? '<builder>';
  const source = writeSource(decls);
  return { ...parse(source, { file }), source, file };
}

// ---- implementation ----------------------------------------------------------------------------

/** Declarations may only be added while their callback runs; a builder kept past it is a bug. */
class Scope {
  open = true;
  constructor(readonly name: string) {}
  check(): void {
    ensure(this.open, `a builder from ${this.name} was used after its callback returned`);
  }
}

function run<B>(body: (builder: B) => unknown, builder: B, scope: Scope): void {
  const returned = body(builder);
  scope.open = false;
  ensure(!isThenable(returned), `the callback of ${scope.name} must declare everything before it returns (it returned a promise)`);
}

function systemBuilder(decls: SourceDecl[], scope: Scope): SystemBuilder {
  const disposition =
    (kind: DispositionKind) =>
    (threat: string, target: DispositionTargetInput, properties: Properties): void => {
      scope.check();
      ensure(typeof threat === 'string', `the threat of \`${kind}\` must be a string`);
      decls.push({ type: 'disposition', kind, threat, target: targetOf(target), properties: propertiesOf(properties) });
    };
  return {
    data: declare((id, label, properties) => {
      scope.check();
      decls.push({ type: 'data', id, label, properties });
      return { kind: 'data', id };
    }),
    boundary: (id: string, ...rest: unknown[]) => {
      scope.check();
      return boundary(decls, id, rest);
    },
    flow(source, target, options = {}) {
      scope.check();
      const { name, label, bidirectional, ...properties } = propertiesOf(options) as FlowInput;
      ensure(name === undefined || typeof name === 'string', 'a flow name must be a string');
      ensure(label === undefined || typeof label === 'string', 'a flow label must be a string');
      const flow: FlowHandle = { kind: 'flow', name, source: idOf(source), target: idOf(target), bidirectional: bidirectional === true };
      decls.push({ type: 'flow', ...flow, label, properties });
      return flow;
    },
    mitigate: disposition('mitigate'),
    accept: disposition('accept'),
    dismiss: disposition('dismiss'),
  } as SystemBuilder;
}

function boundaryBuilder(members: SourceDecl[], scope: Scope): BoundaryBuilder {
  const builder: Record<string, unknown> = {
    boundary: (id: string, ...rest: unknown[]) => {
      scope.check();
      return boundary(members, id, rest);
    },
  };
  for (const kind of elementKinds) {
    builder[kind] = declare((id, label, properties) => {
      scope.check();
      members.push({ type: 'element', kind, id, label, properties });
      return { kind, id };
    });
  }
  return builder as unknown as BoundaryBuilder;
}

/** `boundary(id, label?, properties?, body?)`, each part after the id optional. */
function boundary(into: SourceDecl[], id: string, rest: unknown[]): Handle<'boundary'> {
  ensure(typeof id === 'string', 'a boundary id must be a string');
  const label = typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
  const properties = typeof rest[0] === 'object' && rest[0] !== null ? rest.shift() : undefined;
  const body = rest.shift();
  ensure(rest.length === 0 && (body === undefined || typeof body === 'function'), `boundary \`${id}\`: expected (id, label?, properties?, body?)`);
  const members: SourceDecl[] = [];
  into.push({ type: 'boundary', id, label, properties: propertiesOf(properties), members });
  if (body) {
    const scope = new Scope(`boundary \`${id}\``);
    run(body as (b: BoundaryBuilder) => unknown, boundaryBuilder(members, scope), scope);
  }
  return { kind: 'boundary', id };
}

/** The `(id, label?, properties?)` / `(id, properties)` overloads of a declaration. */
function declare<H>(add: (id: string, label: string | undefined, properties: Properties) => H) {
  return (id: string, labelOrProperties?: unknown, maybeProperties?: unknown): H => {
    ensure(typeof id === 'string', 'an id must be a string');
    const [label, properties] =
      typeof labelOrProperties === 'object' && labelOrProperties !== null ? [undefined, labelOrProperties] : [labelOrProperties, maybeProperties];
    ensure(label === undefined || typeof label === 'string', `\`${id}\`: a label must be a string`);
    return add(id, label as string | undefined, propertiesOf(properties));
  };
}

function targetOf(target: DispositionTargetInput): string | readonly [string, string] {
  if (Array.isArray(target)) {
    ensure(target.length === 2, 'a flow target is the pair [source, target]');
    return [idOf(target[0] as Endpoint), idOf(target[1] as Endpoint)];
  }
  const single = target as Exclude<DispositionTargetInput, readonly unknown[]>;
  if (typeof single === 'object' && single !== null && single.kind === 'flow') {
    return single.name ?? [single.source, single.target];
  }
  return idOf(single as Ref<HandleKind>);
}

function idOf(ref: Ref<HandleKind>): string {
  if (typeof ref === 'string') return ref;
  ensure(typeof ref === 'object' && ref !== null && typeof ref.id === 'string', 'expected an id or a handle');
  return ref.id;
}

/** A copy, so that changing the object after the call changes nothing. */
function propertiesOf(value: unknown): Properties {
  if (value === undefined) return {};
  ensure(typeof value === 'object' && value !== null && !Array.isArray(value), 'properties must be an object');
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, Array.isArray(item) ? [...(item as unknown[])] : item]));
}

function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** A misuse TypeScript would have caught: a programming error, so it throws. */
function ensure(condition: boolean, message: string): asserts condition {
  if (!condition) throw new TypeError(message);
}
