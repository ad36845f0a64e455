import type { Stage } from './types.js';

/**
 * The 17 recommendations of the CISA / UK NCSC Guidelines for Secure AI System Development
 * (November 2023), by stage. Ids and titles only; tests check them against shared/reference.
 */
export const guidelines = [
  { id: 'DESIGN-1', stage: 'design', title: 'Raise staff awareness of threats and risks' },
  { id: 'DESIGN-2', stage: 'design', title: 'Model the threats to your system' },
  { id: 'DESIGN-3', stage: 'design', title: 'Design your system for security as well as functionality and performance' },
  { id: 'DESIGN-4', stage: 'design', title: 'Consider security benefits and trade-offs when selecting your AI model' },
  { id: 'DEV-1', stage: 'development', title: 'Secure your supply chain' },
  { id: 'DEV-2', stage: 'development', title: 'Identify, track and protect your assets' },
  { id: 'DEV-3', stage: 'development', title: 'Document your data, models and prompts' },
  { id: 'DEV-4', stage: 'development', title: 'Manage your technical debt' },
  { id: 'DEPLOY-1', stage: 'deployment', title: 'Secure your infrastructure' },
  { id: 'DEPLOY-2', stage: 'deployment', title: 'Protect your model continuously' },
  { id: 'DEPLOY-3', stage: 'deployment', title: 'Develop incident management procedures' },
  { id: 'DEPLOY-4', stage: 'deployment', title: 'Release AI responsibly' },
  { id: 'DEPLOY-5', stage: 'deployment', title: 'Make it easy for users to do the right things' },
  { id: 'OPS-1', stage: 'operation', title: "Monitor your system's behaviour" },
  { id: 'OPS-2', stage: 'operation', title: "Monitor your system's inputs" },
  { id: 'OPS-3', stage: 'operation', title: 'Follow a secure by design approach to updates' },
  { id: 'OPS-4', stage: 'operation', title: 'Collect and share lessons learned' },
] as const satisfies readonly { id: string; stage: Stage; title: string }[];

export type GuidelineId = (typeof guidelines)[number]['id'];
