import type { CatalogFile, Control, Threat } from '../types.js';
import controls from './controls.json' with { type: 'json' };
import agentic from './threats/agentic.json' with { type: 'json' };
import llmApplication from './threats/llm-application.json' with { type: 'json' };
import modelPrivacyOperations from './threats/model-privacy-operations.json' with { type: 'json' };
import poisoningSupplyChain from './threats/poisoning-supply-chain.json' with { type: 'json' };

const files = [controls, poisoningSupplyChain, llmApplication, modelPrivacyOperations, agentic] as unknown as CatalogFile[];

/**
 * The built-in catalog: plain JSON files beside this one, validated against the published schema by
 * the test suite (so they are not re-validated on every run).
 */
export const builtinCatalog: CatalogFile = {
  name: 'aitm built-in catalog',
  version: controls.version,
  controls: files.flatMap((f) => f.controls ?? []) as Control[],
  threats: files.flatMap((f) => f.threats ?? []) as Threat[],
};

/** The files as written, for the test that validates each against the schema. */
export const builtinCatalogFiles: Readonly<Record<string, unknown>> = {
  'src/catalog/builtin/controls.json': controls,
  'src/catalog/builtin/threats/poisoning-supply-chain.json': poisoningSupplyChain,
  'src/catalog/builtin/threats/llm-application.json': llmApplication,
  'src/catalog/builtin/threats/model-privacy-operations.json': modelPrivacyOperations,
  'src/catalog/builtin/threats/agentic.json': agentic,
};
