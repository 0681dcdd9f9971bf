/** A run's result in the format and language the command line was asked for (reports load only when used). */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Names } from '../report/text.ts';
import type { Result } from '../schema/result.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { Lang, RunFlags } from './flags.ts';

/** This program's version (package.json). */
export const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The names of a scenario's clusters and fields in a language, by id. */
export function names(scenario: Scenario, lang: Lang = 'en'): Names {
  const out: Record<string, string> = lang === 'zh' ? { total: '合计' } : {};
  for (const c of scenario.clusters) {
    out[c.id] = c.name[lang] ?? c.name.en;
    for (const f of c.fields) out[f.id] = f.name[lang] ?? f.name.en;
  }
  return out;
}

/** The result as text or bytes in the flags' format, unit and language. */
export async function render(result: Result, flags: Pick<RunFlags, 'format' | 'unit' | 'lang'>, scenario: Scenario, file: string): Promise<string | Uint8Array> {
  const { format, unit = 'cny', lang = 'en' } = flags;
  const table = async () =>
    (await import('../report/table.ts')).reportTable(
      { scenario, result, origin: { kind: 'file', name: basename(file) }, generatedBy: `future-sim ${PACKAGE_VERSION}` },
      lang,
      unit,
    );
  switch (format) {
    case 'json':
      return JSON.stringify(result, null, 2) + '\n';
    case 'csv':
      return (await import('../report/csv.ts')).tableCsv(await table());
    case 'xlsx':
      return (await import('../report/xlsx.ts')).tableXlsx(await table());
    case 'tidy-csv':
      return (await import('../report/csv.ts')).toCsv(result);
    case 'md':
    case 'table': {
      const [text, { runSensitivityLines }] = await Promise.all([import('../report/text.ts'), import('../report/run-sensitivity-text.ts')]);
      const render = format === 'md' ? text.renderMarkdown : text.renderTable;
      const matters = runSensitivityLines(result, scenario, lang, format === 'md');
      return render(result, names(scenario, lang), { unit, scenario, lang }) + (matters.length ? `\n${matters.join('\n')}` : '');
    }
    default:
      return format satisfies never;
  }
}
