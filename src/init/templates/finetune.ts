/** Starter model of a fine-tuning service on customer data (API, uploads, customer datasets, tuning job, base and tuned models). */
export const finetune = `// Threat model of a fine-tuning service run on customer data, written in the aitm language.
// It is a starting point: rename what you have, delete what you do not, and add the rest.
// Run \`aitm check\` on this file after each edit. The language and the threat catalog are
// documented in docs/language.md and docs/catalog.md of the aitm repository.

// The system under review. A model has exactly one.
system "Fine-Tuning Service" {
  owner: "your-team@example.com" // replace with your team
  description: "Customers upload examples, fine-tune a base LLM on them and call the result."
  // Practices your team already follows; reports count them as evidence for the matching
  // secure-AI guideline. Keep only those you really do.
  practices: [threat_modeling, supply_chain_review, model_protection]
}

// Data assets: the kinds of information the system keeps or moves. \`origin: untrusted\`
// marks content an outsider can write: here, everything a customer sends.
data examples "Examples" { classification: confidential, origin: untrusted, kind: training_data }
data adapter "Adapter weights" { classification: confidential, kind: model_weights }
data prompt "Inference prompt" { classification: confidential, origin: untrusted, kind: prompt }
data completion "Completion" { classification: confidential, kind: model_output }

// Trust boundaries group elements that share a level of trust, from least to most
// trusted: untrusted, external, partner, internal, restricted.
boundary customers "Customers" {
  trust: untrusted // every customer is an outsider to us
  actor customer "Customer application" { type: system, authenticated: true }
}

boundary platform "Platform" {
  trust: internal
  owner: "your-team" // replace with the team that runs it
  api tuning_api "Fine-tuning and inference API" {
    exposure: public
    auth: api_key
    controls: [authentication, rate_limiting] // control ids are listed in docs/catalog.md
  }
  // \`tenancy: multi\`: customers share the store, so isolating them is the main question.
  store uploads "Upload bucket" { type: object, holds: [examples], tenancy: multi }
  dataset tenant_sets "Customer fine-tuning sets" {
    purpose: [fine_tuning]
    source: [user_generated]
    provenance: unknown
    contains: [examples]
  }
  pipeline tune "Tuning job" {
    stage: [fine_tuning]
    consumes: [tenant_sets, base]
    produces: [adapters]
  }
  // For each model: where its weights come from and what it was tuned on.
  model base "Base LLM" { type: llm, hosting: self_hosted, weights: third_party }
  model tuned "Customer-tuned model" {
    type: llm
    base: base
    fine_tuned_on: [tenant_sets]
    stored_in: adapters
  }
  store adapters "Adapter registry" { type: model_registry, holds: [adapter], tenancy: multi }
}

// Flows: \`a -> b\` points the way a request or a write goes, and the answer comes back
// along it. \`carries\` names the data assets on the flow. Add a flow for each hand-off.
flow upload: customer -> tuning_api "upload examples" { carries: [examples], protocol: https }
flow tuning_api -> uploads { carries: [examples], protocol: https }
flow tune -> uploads { carries: [examples], protocol: https }
flow tune -> adapters "store adapter" { carries: [adapter], protocol: https, integrity: true }
flow infer: customer -> tuning_api "call the tuned model" { carries: [prompt, completion] }
flow tuning_api -> tuned { carries: [prompt, completion], protocol: grpc }

// Dispositions record what you decided about a finding that \`aitm check\` reported:
//   mitigate <threat> on <target> { by: "how" }
//   accept   <threat> on <target> { reason: "why", owner: "who", expires: YYYY-MM-DD }
//   dismiss  <threat> on <target> { reason: "why it does not apply" }
mitigate privacy.memorization on tuned {
  by: "Each adapter is trained on one customer's data and served only to that customer."
  status: in_progress // planned, in_progress, implemented or verified
}
`;
