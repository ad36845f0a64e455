/** Starter model of a training pipeline (labelled dataset, labelling vendor, training job, classifier, model registry). */
export const training = `// Threat model of a model-training pipeline, written in the aitm language.
// It is a starting point: rename what you have, delete what you do not, and add the rest.
// Run \`aitm check\` on this file after each edit. The language and the threat catalog are
// documented in docs/language.md and docs/catalog.md of the aitm repository.

// The system under review. A model has exactly one.
system "Churn Model Training" {
  owner: "your-team@example.com" // replace with your team
  description: "Trains a churn classifier every week and publishes it through a model registry."
  // Practices your team already follows; reports count them as evidence for the matching
  // secure-AI guideline. Keep only those you really do.
  practices: [threat_modeling, model_documentation, secure_updates]
}

// Data assets: the kinds of information the system keeps or moves. \`origin: untrusted\`
// marks content an outsider can write, such as labels from a vendor.
data events "Customer events" { classification: confidential, pii: true, kind: personal }
data labels "Churn labels" { classification: internal, origin: untrusted, kind: training_data }
data weights "Model weights" { classification: restricted, kind: model_weights }
data scores "Churn scores" { classification: confidential, kind: model_output }

// Trust boundaries group elements that share a level of trust, from least to most
// trusted: untrusted, external, partner, internal, restricted.
boundary vendor "Labelling vendor" {
  trust: external // a third party you do not control
  service label_tool "Annotation platform" { type: web_app, exposure: public, auth: session }
}

boundary ml "ML platform" {
  trust: internal
  owner: "your-team" // replace with the team that runs it
  // Datasets: where the records come from (\`source\`), who labels them (\`labeling\`)
  // and how well their origin is established (\`provenance\`).
  dataset train_set "Training set" {
    purpose: [training, evaluation]
    source: [internal]
    labeling: third_party
    provenance: documented
    contains: [events, labels]
    controls: [label_quality_control] // control ids are listed in docs/catalog.md
  }
  pipeline train "Training job" { stage: [training], consumes: [train_set], produces: [registry] }
  model churn "Churn classifier" {
    type: classifier
    format: pickle // how the weights are saved: pickle runs code when it is loaded
    returns: [label, scores]
    trained_on: [train_set]
    stored_in: registry
  }
  service scoring "Nightly scoring job" { type: backend, exposure: private }

  // A nested boundary for the most protected assets: the weights live here.
  boundary artifacts "Model artifacts" {
    trust: restricted
    store registry "Model registry" {
      type: model_registry
      holds: [weights]
      controls: [access_control, artifact_signing]
    }
  }
}

// Flows: \`a -> b\` points the way a request or a write goes; \`a <-> b\` goes both ways.
// \`carries\` names the data assets on the flow. Add a flow for each read, write and hand-off.
flow labelling: train_set <-> label_tool "tasks out, labels back" { carries: [events, labels] }
flow train -> train_set { carries: [events, labels], protocol: file }
flow publish: train -> registry { carries: [weights], protocol: https, integrity: true }
flow scoring -> churn { carries: [events, scores], protocol: in_process }
flow churn -> registry "load weights" { carries: [weights], protocol: https, integrity: true }

// Dispositions record what you decided about a finding that \`aitm check\` reported:
//   mitigate <threat> on <target> { by: "how" }
//   accept   <threat> on <target> { reason: "why", owner: "who", expires: YYYY-MM-DD }
//   dismiss  <threat> on <target> { reason: "why it does not apply" }
mitigate supply-chain.unsafe-serialization on churn {
  by: "Weights will be saved as ONNX instead of pickle."
  status: planned // until it ships; then implemented
}
`;
