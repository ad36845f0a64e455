/**
 * GitHub-flavoured Markdown tables as GitHub reads them: a row is split into cells at every `|`
 * that no backslash escapes (a backslash escapes the character after it, whatever it is, as in
 * cmark-gfm), one leading and one trailing pipe aside. A row with more cells than its header has
 * gained a column; GitHub drops the extra cells, so the text in them is lost.
 */
export function cellsOf(row: string): string[] {
  let line = row.trim();
  if (line.startsWith('|')) line = line.slice(1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      cell += c + line[++i]!;
    } else if (c === '|') {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell.trim() !== '' || !line.endsWith('|')) cells.push(cell);
  return cells.map((c) => c.trim());
}

/** Line breaks besides LF (and CR, which ends a line for GitHub too): renderers built on JavaScript regular expressions end a row at U+2028 and U+2029. */
const otherLineBreak = /[\r\v\f\u0085\u2028\u2029]/;

const delimiterRow = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$/;

/** Rows of the tables in `markdown` whose cell count is not their header's, outside code fences. */
export function markdownTableProblems(markdown: string): string[] {
  const lines = markdown.split('\n');
  const problems: string[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('```')) fenced = !fenced;
    if (fenced || i + 1 >= lines.length || !lines[i]!.includes('|') || !delimiterRow.test(lines[i + 1]!.trim())) continue;
    const columns = cellsOf(lines[i]!).length;
    for (i += 2; i < lines.length && lines[i]!.trim() !== ''; i++) {
      const cells = cellsOf(lines[i]!).length;
      if (cells !== columns) problems.push(`line ${i + 1} has ${cells} cells, its header ${columns}: ${lines[i]!.slice(0, 200)}`);
      if (otherLineBreak.test(lines[i]!)) problems.push(`line ${i + 1} holds a character that some renderers take for a line break: ${JSON.stringify(lines[i]!.slice(0, 200))}`);
    }
  }
  return problems;
}
