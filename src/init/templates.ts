/**
 * Starter models for `aitm init`. Each is a small, commented `.aitm` file for one common
 * architecture that checks cleanly and already produces findings, so a first `aitm check` shows
 * what the tool does. They are TypeScript strings rather than files on disk so that they travel
 * inside the bundled CLI.
 */
import { agent } from './templates/agent.js';
import { finetune } from './templates/finetune.js';
import { mcpAgent } from './templates/mcp-agent.js';
import { rag } from './templates/rag.js';
import { training } from './templates/training.js';

export const templateNames = ['rag', 'agent', 'mcp-agent', 'training', 'finetune'] as const;
export type TemplateName = (typeof templateNames)[number];

// A Record keyed by TemplateName: adding a name without a template (or the reverse) fails to compile.
const templates: Readonly<Record<TemplateName, string>> = { rag, agent, 'mcp-agent': mcpAgent, training, finetune };

/** One line per template, for help text and error messages. */
export const templateDescriptions: Readonly<Record<TemplateName, string>> = {
  rag: 'retrieval-augmented assistant (API, orchestrator, vector store, embedding model, LLM)',
  agent: 'tool-using agent (LLM, tools with effects and approvals, memory store)',
  'mcp-agent': 'agent over MCP servers (remote and local tool servers, tool descriptions, hand-off, sandbox)',
  training: 'training pipeline (labelled dataset, training job, model registry, model)',
  finetune: 'fine-tuning service on customer data (uploads, tuning job, base and tuned models)',
};

export function isTemplateName(value: string): value is TemplateName {
  return (templateNames as readonly string[]).includes(value);
}

/** The `.aitm` text of a starter model. */
export function starterModel(name: TemplateName): string {
  return templates[name];
}
