/**
 * The shape of an Open Threat Model (OTM) 0.2.0 document, as far as aitm writes and reads it. The
 * format is IriusRisk's (github.com/iriusrisk/OpenThreatModel); these types follow its
 * specification. Every `attributes` map is `Map[string, string]` in the specification, so aitm
 * writes only strings there. Fields aitm never writes are typed loosely for reading (the schema
 * allows `null` in most places).
 */

export const otmVersion = '0.2.0';

export type OtmAttributes = Record<string, string>;

export interface OtmDocument {
  otmVersion: string;
  project: OtmProject;
  representations?: OtmRepresentation[] | null;
  assets?: OtmAsset[] | null;
  trustZones?: OtmTrustZone[];
  components?: OtmComponent[] | null;
  dataflows?: OtmDataflow[];
  threats?: OtmThreat[] | null;
  mitigations?: OtmMitigation[] | null;
}

export interface OtmProject {
  name: string;
  id: string;
  description?: string | null;
  owner?: string | null;
  ownerContact?: string | null;
  tags?: string[] | null;
  attributes?: OtmAttributes | null;
}

export interface OtmRepresentation {
  name: string;
  id: string;
  /** `diagram` or `code`; aitm writes `code`. */
  type: string;
  description?: string | null;
  size?: { width: number; height: number } | null;
  repository?: { url: string | null } | null;
  attributes?: OtmAttributes | null;
}

/** Where an object is drawn or written in one representation. aitm fills `file` and `line` (1-based). */
export interface OtmRepresentationElement {
  representation: string;
  id: string;
  name?: string | null;
  position?: { x: number; y: number } | null;
  size?: { width: number; height: number } | null;
  file?: string | null;
  line?: number | null;
  codeSnippet?: string | null;
  attributes?: OtmAttributes | null;
}

/** Exactly one of the two. */
export type OtmParent = { trustZone: string; component?: undefined } | { component: string; trustZone?: undefined };

export interface OtmAsset {
  name: string;
  id: string;
  description?: string | null;
  /** Each from 0 to 100. */
  risk: { confidentiality: number; integrity: number; availability: number; comment?: string | null };
  attributes?: OtmAttributes | null;
}

export interface OtmTrustZone {
  id: string;
  name: string;
  type?: string;
  description?: string | null;
  /** From 0 (not trusted at all) to 100. */
  risk: { trustRating: number };
  parent?: OtmParent;
  representations?: OtmRepresentationElement[] | null;
  attributes?: OtmAttributes | null;
}

export interface OtmComponent {
  id: string;
  name: string;
  type: string;
  description?: string | null;
  parent: OtmParent;
  representations?: OtmRepresentationElement[] | null;
  assets?: { processed?: (string | null)[] | null; stored?: (string | null)[] | null } | null;
  threats?: OtmThreatInstance[] | null;
  tags?: (string | null)[] | null;
  attributes?: OtmAttributes | null;
}

export interface OtmDataflow {
  id: string;
  name: string;
  description?: string | null;
  bidirectional?: boolean | null;
  source: string;
  destination: string;
  assets?: (string | null)[] | null;
  threats?: OtmThreatInstance[] | null;
  tags?: (string | null)[] | null;
  representations?: OtmRepresentationElement[] | null;
  attributes?: OtmAttributes | null;
}

export interface OtmThreatInstance {
  threat: string;
  /** Free text in the specification; aitm writes `exposed`, `mitigated`, `accepted` and `not-applicable`. */
  state: string;
  mitigations?: ({ mitigation: string | null; state: string | null } | null)[];
}

export interface OtmThreat {
  id: string;
  name: string;
  description?: string | null;
  categories?: (string | null)[] | null;
  cwes?: (string | null)[] | null;
  /** Each from 0 to 100. */
  risk: { likelihood: number | null; likelihoodComment?: string | null; impact: number; impactComment?: string };
  tags?: (string | null)[] | null;
  attributes?: OtmAttributes | null;
}

export interface OtmMitigation {
  id: string;
  name: string;
  description?: string | null;
  /** From 0 to 100: how much the risk of a threat falls once it is in place. */
  riskReduction: number;
  attributes?: OtmAttributes | null;
}
