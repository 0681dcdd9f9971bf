/** Reading the backtest's data file (data/backtest/*.yaml) from disk: YAML → shape check → meaning checks, every problem at once. */
import { readFile } from 'node:fs/promises';
import { CORE_SCHEMA, load } from 'js-yaml';
import { ScenarioError } from '../core/errors.ts';
import { BacktestData, backtestMeaningIssues } from '../schema/backtest.ts';
import { shapeIssues } from '../schema/validate.ts';

/** The bundled data file of Shanghai's related industries, relative to the package root. */
export const BACKTEST_DATA_FILE = 'data/backtest/shanghai-related.yaml';

/** Reads and checks a backtest data file (YAML or JSON). Throws a ScenarioError whose heading names the file and whose issues give each path and the fix. */
export async function loadBacktestData(path: string): Promise<BacktestData> {
  const unreadable = (message: string) => new ScenarioError([{ path, code: 'unreadable', message }], `cannot read backtest data ${path}`, 'unreadable');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a data file' : (err as Error).message;
    throw unreadable(`${why}; pass a .yaml backtest data file (the bundled one is ${BACKTEST_DATA_FILE})`);
  }
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA, filename: path });
  } catch (err) {
    throw unreadable(`not valid YAML: ${(err as Error).message.split('\n')[0]}; fix the text at that line`);
  }
  if (data === undefined || data === null) throw unreadable(`the file is empty; start from ${BACKTEST_DATA_FILE} and change it`);
  const issues = shapeIssues(BacktestData, data);
  if (issues.length === 0) issues.push(...backtestMeaningIssues(data as BacktestData));
  if (issues.length) throw new ScenarioError(issues, `${path} is not valid backtest data`);
  return data as BacktestData;
}
