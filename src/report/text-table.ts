/** Plain-text and Markdown tables for the text reports (text.ts, analysis-text.ts). */

/** Rows as padded columns (right-aligned where `alignRight`); a CJK character takes two columns of a terminal. */
export function pad(rows: string[][], alignRight: (col: number) => boolean): string[] {
  // a CJK character takes two columns of a terminal
  const width = (v: string) => [...v].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows.map((r) =>
    r
      .map((v, c) => (alignRight(c) ? ' '.repeat(widths[c] - width(v)) + v : v + ' '.repeat(widths[c] - width(v))))
      .join('  ')
      .trimEnd(),
  );
}

/** Text safe inside a Markdown table cell. */
export const mdCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Rows as a Markdown table, the first row its head; columns after the first right-aligned. */
export function mdTable(rows: readonly (readonly string[])[]): string[] {
  return [`| ${rows[0].join(' | ')} |`, `|${rows[0].map((_, c) => (c === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`)];
}
