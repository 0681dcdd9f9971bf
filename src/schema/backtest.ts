/**
 * The backtest's data: observed series of Shanghai's related industries (integrated circuits, AI,
 * biomedicine, the three leading industries combined), a value per year with its bound, vintage
 * and source. The shape (TypeBox) and the meaning checks a shape cannot say: years ascending, one
 * vintage per series, ids unique.
 */
import { Type, type Static } from '@sinclair/typebox';
import { joinPath, type Issue } from '../core/errors.ts';
import { Id } from './scenario.ts';

const common = { additionalProperties: false } as const;

const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, description });

/** One published figure: the value of a series in a year, with its bound, vintage and source. */
const BacktestPoint = Type.Object(
  {
    /** The calendar year the value is for (a whole year, never a part of one). */
    year: Type.Integer({ minimum: 1990, maximum: 2100, description: 'the calendar year the value is for (a whole year)' }),
    /** The value in the series' unit (bn yuan), > 0. */
    value: Type.Number({ exclusiveMinimum: 0, description: "the value in the series' unit (bn yuan), > 0" }),
    /** at-least: the source says "more than"; about: it says "about" (absent: the figure as stated). */
    bound: Type.Optional(
      Type.Union([Type.Literal('at-least'), Type.Literal('about')], {
        description: 'at-least (the source says "more than") or about (it says "about"); absent: the figure as stated',
      }),
    ),
    /** The definition and release the figure follows: the same for every point of a series. */
    vintage: Text(300, 'the definition and release the figure follows: the same for every point of a series'),
    /** Where the figure is published. */
    url: Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 1000, description: 'where the figure is published (http:// or https://)' }),
    /** Anything a reader of the figure should know (what the page was checked for, a rounding). */
    note: Type.Optional(Text(2000, 'anything a reader of the figure should know')),
  },
  { ...common, description: 'a published figure: {year, value, bound?, vintage, url, note?}' },
);

/** One series: an industry's output over the years, in one unit and one vintage. */
const BacktestSeries = Type.Object(
  {
    id: Id,
    name: Type.Object({ en: Text(200, 'the name in English'), zh: Text(200, 'the name in Chinese') }, { ...common, description: 'names in English and Chinese' }),
    /** Billions of yuan, nominal, as in the scenarios. */
    unit: Type.Literal('CNY_BN', { description: 'CNY_BN: billions of yuan, nominal, as in the scenarios' }),
    /** Which vintage the series follows and why (where figures of another vintage exist). */
    vintageNote: Text(2000, 'which vintage the series follows and why'),
    /** What was left out (half-year figures, figures without a source) and anything else a reader should know. */
    note: Type.Optional(Text(3000, 'what was left out and anything else a reader should know')),
    points: Type.Array(BacktestPoint, { minItems: 1, maxItems: 100 }),
  },
  { ...common, description: 'a series: {id, name, unit, vintageNote, note?, points}' },
);

/** A backtest data file: observed series of related industries, each point with its source. */
export const BacktestData = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    /** Where the series are observed (e.g. Shanghai). */
    region: Text(200, 'where the series are observed, e.g. Shanghai'),
    description: Type.Optional(Text(5000, 'what the file holds and how it was put together')),
    series: Type.Array(BacktestSeries, { minItems: 1, maxItems: 50 }),
  },
  { ...common, title: 'future-industry-sim backtest data', description: 'observed series for the backtest: {schemaVersion, region, description?, series}' },
);

export type BacktestData = Static<typeof BacktestData>;

/** The problems of well-shaped backtest data that its shape cannot say: years ascending, one vintage per series, unique ids. */
export function backtestMeaningIssues(data: BacktestData): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  data.series.forEach((series, s) => {
    const at = joinPath('series', s);
    const first = seen.get(series.id);
    if (first !== undefined) issues.push({ path: joinPath(at, 'id'), message: `"${series.id}" is already the id of series[${first}]; give each series its own id` });
    else seen.set(series.id, s);
    const vintage = series.points[0].vintage;
    series.points.forEach((point, p) => {
      const here = joinPath(joinPath(at, 'points'), p);
      if (p > 0 && point.year <= series.points[p - 1].year) {
        issues.push({
          path: joinPath(here, 'year'),
          message: `${point.year} comes after ${series.points[p - 1].year}: years must ascend, one point a year; sort the points by year and keep one per year`,
        });
      }
      if (p > 0 && point.vintage !== vintage) {
        issues.push({
          path: joinPath(here, 'vintage'),
          message: `differs from the series' first point (${JSON.stringify(vintage)}): a series follows one vintage; use that one, or move the figure to a series of its own`,
        });
      }
    });
  });
  return issues;
}
