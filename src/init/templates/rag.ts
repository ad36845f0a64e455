/** Starter model of a retrieval-augmented assistant (user, chat API, orchestrator, embedding model, vector index, documents, hosted LLM). */
export const rag = `// Threat model of a retrieval-augmented (RAG) assistant, written in the aitm language.
// It is a starting point: rename what you have, delete what you do not, and add the rest.
// Run \`aitm check\` on this file after each edit. The language and the threat catalog are
// documented in docs/language.md and docs/catalog.md of the aitm repository.

// The system under review. A model has exactly one.
system "Support Assistant" {
  owner: "your-team@example.com" // replace with your team
  description: "Answers user questions from our own documents with a hosted LLM."
  // Practices your team already follows; reports count them as evidence for the matching
  // secure-AI guideline. Keep only those you really do.
  practices: [threat_modeling, secure_design_review]
}

// Data assets: the kinds of information the system keeps or moves. \`origin: untrusted\`
// marks content an outsider can write; aitm follows it along the flows to every
// component an attacker's text can reach.
data question "User question" { classification: internal, origin: untrusted, kind: prompt }
data answer "Assistant answer" { classification: internal, kind: model_output }
data docs "Knowledge-base articles" { classification: internal, origin: untrusted, kind: documents }
data chunks "Article embeddings" { classification: internal, kind: embeddings }
data llm_key "LLM provider API key" { classification: restricted, kind: credentials }

// Trust boundaries group elements that share a level of trust, from least to most
// trusted: untrusted, external, partner, internal, restricted.
boundary internet "Internet" {
  trust: untrusted // anyone can be on this side
  actor user "User" { type: human, authenticated: true }
}

boundary vendor "LLM provider" {
  trust: external // a third party you do not control
  model llm "Hosted chat model" { type: llm, hosting: external_api, weights: third_party }
}

boundary prod "Production" {
  trust: internal
  owner: "your-team" // replace with the team that runs it
  api chat_api "Chat API" {
    exposure: public
    auth: session
    rate_limit: "30/min"
    // The security controls in place; their ids are listed in docs/catalog.md.
    controls: [rate_limiting, usage_quotas]
  }
  service orchestrator "RAG orchestrator" { type: orchestrator, credentials: [llm_key] }
  model embedder "Embedding model" { type: embedding, hosting: self_hosted, weights: open }
  store index "Vector index" { type: vector, holds: [chunks, docs], encrypted: true }
  // Where documents come from matters: anyone can write \`user_generated\` or
  // \`public_web\` content. Replace with your own sources.
  dataset kb "Knowledge base" {
    purpose: [retrieval]
    source: [internal, user_generated]
    contains: [docs]
  }
}

// Flows: \`a -> b\` points the way a request goes, and the answer comes back along it.
// \`carries\` names the data assets on the flow. Add a flow for each call your system makes.
flow user -> chat_api "asks a question" { carries: [question, answer], protocol: https }
flow chat_api -> orchestrator { carries: [question, answer], protocol: grpc }
flow orchestrator -> embedder "embed the question" { carries: [question], protocol: in_process }
flow retrieve: orchestrator -> index "top-k articles" { carries: [docs], protocol: grpc }
flow complete: orchestrator -> llm "prompt and completion" { carries: [question, docs, answer] }
flow kb -> index "ingest and embed" { carries: [docs, chunks], protocol: file }

// Dispositions record what you decided about a finding that \`aitm check\` reported:
//   mitigate <threat> on <target> { by: "how" }
//   accept   <threat> on <target> { reason: "why", owner: "who", expires: YYYY-MM-DD }
//   dismiss  <threat> on <target> { reason: "why it does not apply" }
mitigate prompt-injection.indirect on orchestrator {
  by: "Retrieved articles are passed to the model as fenced, labelled data."
  status: planned // until it ships; then implemented
}
`;
