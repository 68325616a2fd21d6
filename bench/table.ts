/**
 * A plain-text table. Rows between two section titles form a block whose columns line up: the first column
 * left-aligned, the others right-aligned. Section titles are rules across the widest block.
 */

export type TableRow =
  | { readonly kind: 'section'; readonly title: string }
  | { readonly kind: 'header'; readonly cells: readonly string[] }
  | { readonly kind: 'row'; readonly cells: readonly string[] };

const gap = '  ';

export function renderTable(rows: readonly TableRow[]): string {
  const blocks: { title: string | null; rows: (readonly string[])[] }[] = [];
  for (const row of rows) {
    if (row.kind === 'section' || blocks.length === 0) blocks.push({ title: null, rows: [] });
    const block = blocks[blocks.length - 1];
    if (!block) continue;
    if (row.kind === 'section') block.title = row.title;
    else block.rows.push(row.cells);
  }
  const rendered = blocks.map((block) => {
    const widths: number[] = [];
    for (const cells of block.rows) {
      cells.forEach((cell, i) => {
        widths[i] = Math.max(widths[i] ?? 0, cell.length);
      });
    }
    const lines = block.rows.map((cells) =>
      cells
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join(gap)
        .trimEnd(),
    );
    const width = widths.reduce((sum, w) => sum + w, 0) + gap.length * Math.max(widths.length - 1, 0);
    return { title: block.title, lines, width };
  });
  const width = Math.max(0, ...rendered.map((b) => b.width));
  const out: string[] = [];
  for (const block of rendered) {
    if (block.title !== null) {
      const title = `── ${block.title} `;
      out.push(title.padEnd(Math.max(width, title.length + 3), '─'));
    }
    out.push(...block.lines);
  }
  return out.join('\n');
}

/** Wraps `text` at `width` columns; lines after the first are indented by `indent` spaces. */
export function wrap(text: string, width: number, indent = 2): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length > width && line) {
      lines.push(line);
      line = `${' '.repeat(indent)}${word}`;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

export const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : '–');

export const integer = (value: number): string =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';

/** `12.3×` below 100, `2,861×` above. */
export const ratio = (value: number): string => {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? `${integer(value)}×` : `${value.toFixed(1)}×`;
};
