/**
 * The report table (table.ts) as an XLSX workbook: sheet 1 the metadata and the projection, sheet 2
 * the targets; numbers are numbers (with a display format), text is inline text.
 *
 * Written by hand as Office Open XML (ECMA-376: a zip of a few XML parts) rather than with a
 * spreadsheet library: exceljs, the usual one, pulls deprecated packages (unzipper → fstream,
 * rimraf 2, glob 7) and `npm ci` must stay free of warnings; fflate (no dependencies) does the zip.
 */
import { strToU8, zipSync } from 'fflate';
import type { Block, Cell, NumberKind, ReportTable } from './table.ts';

/** Style index (cellXfs in STYLES) of each kind of cell. */
const STYLE = { text: 0, bold: 1, value: 2, percent: 3, pp: 4, integer: 5, title: 6 } as const;
const STYLE_OF: Readonly<Record<NumberKind, number>> = { value: STYLE.value, percent: STYLE.percent, pp: STYLE.pp, integer: STYLE.integer };

/** Number formats: values with one decimal and thousands separators (none for 亿元), percentages and pp with one and two. */
function styles(unit: ReportTable['unit']): string {
  const value = unit === 'yi' ? '#,##0' : '#,##0.0';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="3"><numFmt numFmtId="164" formatCode="${value}"/><numFmt numFmtId="165" formatCode="0.0"/><numFmt numFmtId="166" formatCode="+0.00;-0.00;0.00"/></numFmts>
<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="14"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;
}

/** Text as XML character data: escaped, and without the control characters XML 1.0 forbids. */
export function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The column letters of a 0-based column index: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** One cell's XML at (row, col), 0-based; empty cells are left out. */
function cellXml(value: Cell, row: number, col: number, style: number): string {
  if (value === null || value === '') return '';
  const ref = `${columnName(col)}${row + 1}`;
  const s = style ? ` s="${style}"` : '';
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`;
}

/** Rows of cells, each with its style, as a worksheet. */
function sheetXml(rows: readonly (readonly { readonly value: Cell; readonly style: number }[])[], widths: readonly number[]): string {
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  const body = rows
    .map((cells, r) => {
      const inner = cells.map((c, k) => cellXml(c.value, r, k, c.style)).join('');
      return inner ? `<row r="${r + 1}">${inner}</row>` : '';
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols>${cols}</cols><sheetData>${body}</sheetData></worksheet>`;
}

type StyledRow = { value: Cell; style: number }[];

/** A block's header (bold) and rows (numbers in their column's format). */
function blockRows(block: Block): StyledRow[] {
  return [block.header.map((value) => ({ value, style: STYLE.bold })), ...block.rows.map((r) => r.map((value, c) => ({ value, style: typeof value === 'number' && block.kinds[c] ? STYLE_OF[block.kinds[c] as NumberKind] : STYLE.text })))];
}

/** Column widths that fit a block's text (in characters; a CJK character counts two). */
function widthsOf(rows: readonly StyledRow[], first: number): number[] {
  const out: number[] = [];
  rows.forEach((r, k) =>
    r.forEach((c, i) => {
      if (k < first || c.value === null) return;
      const text = typeof c.value === 'number' ? c.value.toFixed(1) : c.value;
      const width = [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
      out[i] = Math.min(60, Math.max(out[i] ?? 8, width + 2));
    }),
  );
  return Array.from(out, (w) => w ?? 8);
}

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (name: string): string => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

/** The workbook's parts, zipped. Same table → the same bytes (fixed time stamps). */
export function tableXlsx(table: ReportTable): Uint8Array {
  const metaRows: StyledRow[] = table.meta.map(([label, value], k) => [
    { value: label, style: STYLE.bold },
    { value, style: k === 0 ? STYLE.title : typeof value === 'number' ? STYLE.integer : STYLE.text },
  ]);
  const projection = blockRows(table.projection);
  const first: StyledRow[] = [...metaRows, [], ...projection];
  // metadata text is long: it does not set the widths (it spills into the empty cells beside it)
  const sheets = [{ name: sheetName(table.sheets.projection), xml: sheetXml(first, widthsOf(first, metaRows.length + 1)) }];
  if (table.targets) {
    const rows = blockRows(table.targets);
    sheets.push({ name: sheetName(table.sheets.targets), xml: sheetXml(rows, widthsOf(rows, 0)) });
  }
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`),
    'docProps/core.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${xmlText(table.title)}</dc:title><dc:creator>future-industry-sim</dc:creator><dc:language>${table.lang === 'zh' ? 'zh-CN' : 'en'}</dc:language></cp:coreProperties>`),
    'xl/workbook.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`),
    'xl/styles.xml': strToU8(styles(table.unit)),
  };
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(s.xml);
  });
  return zipSync(files, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

/** The media type of an XLSX workbook. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
