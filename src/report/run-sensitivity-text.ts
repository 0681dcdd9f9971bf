/**
 * The free sensitivity of a run in the CLI's report (`future-sim run`, table and Markdown): for
 * each target, the groups of inputs by their share of the success's variance and the inputs with
 * the widest tornado bars, each with its Monte Carlo standard error. The whole analysis is
 * `future-sim sensitivity`.
 */
import { strings } from '../../public/lib/text.js';
import { grouped } from '../core/format.ts';
import { SENSITIVITY_TRIALS_MAX } from '../core/limits.ts';
import type { Result } from '../schema/result.ts';
import type { Scenario } from '../schema/scenario.ts';
import { groupLabel, inputLabel, outputLabel } from './analysis-labels.ts';
import { pctSe } from './text.ts';

/** Groups and inputs listed per target. */
const GROUPS_SHOWN = 4;
const INPUTS_SHOWN = 3;

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

/** Lines on which assumptions decide each target, or none when the run has no free sensitivity or no target. */
export function runSensitivityLines(result: Result, scenario: Scenario, lang: 'en' | 'zh', markdown: boolean): string[] {
  const s = result.sensitivity;
  if (!s) return [];
  const w = strings(lang).analysis.run;
  const lines: string[] = [];
  for (const o of s.outputs) {
    if (!o.output.startsWith('target:') || !(o.variance > 0)) continue;
    const groups = s.groups
      .map((g, k) => ({ label: groupLabel(g, scenario, lang), share: o.groupFirst[k], se: o.groupSe[k] }))
      .sort((a, b) => b.share - a.share)
      .slice(0, GROUPS_SHOWN)
      .map((g) => `${g.label} ${pctSe(g.share, g.se)}`);
    const inputs = o.first
      .map((_, i) => ({ i, swing: o.high[i] - o.low[i] }))
      .sort((a, b) => Math.abs(b.swing) - Math.abs(a.swing))
      .slice(0, INPUTS_SHOWN)
      .map(({ i }) => w.bar(inputLabel(s.inputs[i].path, scenario, lang), pct(o.low[i]), pct(o.high[i])));
    const bullet = markdown ? '- ' : '  ';
    lines.push(
      markdown ? `**${outputLabel(o.output, scenario, lang)}**` : outputLabel(o.output, scenario, lang),
      `${bullet}${w.groups}${groups.join(' · ')} · ${w.rest} ${pctSe(o.rest, o.restSe)}`,
      `${bullet}${w.inputs}${inputs.join(' · ')}`,
      ...(markdown ? [''] : []),
    );
  }
  if (!lines.length) return [];
  const warning = s.trialsNeeded ? [w.unstable(grouped(s.trials), s.trialsNeeded, SENSITIVITY_TRIALS_MAX)] : [];
  return [markdown ? `### ${w.title}` : w.title, ...(markdown ? [''] : []), ...lines, w.note(s.trials), ...warning, ''];
}
