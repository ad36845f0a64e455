/** A synthetic model of `elements` elements (see generate.js). */
export function generateModel(elements: number, options?: { readonly dense?: boolean; readonly unknownReferences?: number; readonly seed?: number }): string;
