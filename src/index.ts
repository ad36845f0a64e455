/**
 * aitm's public API. Everything a TypeScript user needs is exported from here; anything not
 * exported is internal and may change.
 */
export { parse, type LoadResult, type ParseOptions } from './compile.js';
export { load, loadWithSyntax, type LoadOptions } from './node/load.js';
export type { FileHost } from './load/file-host.js';

export type {
  SystemModel,
  SystemInfo,
  Element,
  ElementOf,
  ElementProperties,
  ActorElement,
  ServiceElement,
  ApiElement,
  ModelElement,
  AgentElement,
  ToolElement,
  DatasetElement,
  StoreElement,
  PipelineElement,
  DataAsset,
  Boundary,
  Flow,
  Disposition,
  DispositionOf,
  DispositionTarget,
  PropertiesOf,
} from './semantics/model.js';
export {
  elementKinds,
  trustLevels,
  classifications,
  dispositionKinds,
  practices,
  type ElementKind,
  type TrustLevel,
  type Classification,
  type DispositionKind,
  type Practice,
} from './semantics/vocabulary.js';
export { modelJsonSchema } from './semantics/model-schema.js';

export {
  analyze,
  prepareCatalog,
  type AnalyzeOptions,
  type AnalysisResult,
  type CatalogOptions,
} from './engine/analyze.js';
export type { Finding, FindingStatus, EvidenceStep, Fact } from './engine/finding.js';
export { severities, severityOf, type RiskSeverity } from './engine/severity.js';
export type { PlannedChange } from './engine/plan.js';
export type { GuidelineCoverage } from './engine/coverage.js';
export type { LoadedCatalog } from './catalog/load-catalog.js';
export type {
  Catalog,
  CatalogFile,
  Threat,
  Control,
  Condition,
  Mitigation,
  References,
  Category,
  Stage,
  Likelihood,
  Impact,
} from './catalog/types.js';
export { builtinCatalog } from './catalog/builtin/index.js';
export { predicateNames, type PredicateName } from './catalog/predicates.js';
export { catalogJsonSchema } from './catalog/catalog-schema.js';
export { guidelines } from './catalog/guidelines.js';
export { buildGraph, type SystemGraph } from './graph/build.js';

export { toMermaid, attackPathMermaid, type MermaidOptions } from './render/mermaid.js';
export { toMarkdown, type MarkdownInput } from './render/markdown.js';
export { toSarif, type SarifInput } from './render/sarif.js';
export { toJsonReport, type JsonReportInput } from './render/json-report.js';
export { toHtml, type HtmlInput } from './render/html.js';
export { toMermaidDiagrams, restrictTo, mermaidLimits, type MermaidDiagram } from './render/mermaid.js';

export type { Span } from './source/span.js';
export { SourceFile } from './source/source-file.js';
export type { Diagnostic, DiagnosticLabel } from './diagnostics/diagnostic.js';
export { diagnosticCodes, type DiagnosticCode, type Severity } from './diagnostics/codes.js';
export { renderDiagnostic, type Palette } from './diagnostics/render-text.js';
export { diagnosticToJson, type DiagnosticJson } from './diagnostics/render-json.js';

export {
  defineSystem,
  type SystemBuilder,
  type BoundaryBuilder,
  type BuiltSystem,
  type DefineSystemOptions,
  type Declare,
  type Handle,
  type HandleKind,
  type FlowHandle,
  type Ref,
  type Endpoint,
  type DispositionTargetInput,
  type InputProperties,
  type SystemInput,
  type DataInput,
  type ElementInput,
  type BoundaryInput,
  type TopBoundaryInput,
  type FlowInput,
  type DispositionInput,
} from './builder/define-system.js';

export { format, type FormatOptions, type FormatResult } from './format/format.js';
export { diffModels, type ModelDiff, type AnalysedModel, type EntityChange, type ControlChange } from './diff/diff.js';
export { diffToMarkdown, type DiffMarkdownInput } from './render/diff-markdown.js';
export { toOtm, toOtmJson, type OtmExportInput } from './interop/otm-export.js';
export { fromOtm, type OtmImportOptions, type OtmImportResult } from './interop/otm-import.js';
export type { OtmDocument } from './interop/otm-types.js';
export { toCycloneDx, toCycloneDxJson, type CycloneDxInput, type CycloneDxBom } from './interop/cyclonedx.js';
export { verifyArtifacts, type ArtifactCheck } from './verify/verify.js';
export { verifyArtifactsOnDisk } from './node/verify.js';
