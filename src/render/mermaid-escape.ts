/**
 * Characters that mean something to Mermaid's flowchart grammar or to the HTML it renders labels
 * into. Inside a quoted label Mermaid decodes `#NNN;` entity codes, so writing these that way makes
 * any text round-trip exactly, whatever the user wrote. `:` is one of them because, before it
 * decodes entities, Mermaid drops the last `;` of any line where `style` or `classDef` is followed
 * by a `:` and a `#` (to spare CSS colours), which would leave a label's `#35;` undecoded.
 */
const special = /[#"&<>`\\|[\]{}();:%\n\r\t]/g;

export function mermaidText(text: string): string {
  return text.replace(special, (c) => `#${c.charCodeAt(0)};`);
}

/** A quoted, escaped label. */
export function mermaidLabel(text: string): string {
  return `"${mermaidText(text)}"`;
}
