/** What leaves the page: the chart query (with the fan chart's scope), image and table URLs, the embed snippet. */
import { describe, expect, it } from 'vitest';
import { attr, chartQuery, embedSnippet, imageUrl, tableUrls } from '../../public/page/exports.js';
import { manifest } from './fixtures.ts';

const a = manifest('a');
const b = manifest('b');
const view = { unit: 'cny', lang: 'en', scope: 'total' };

describe('exports', () => {
  it('name the run, the chart, the comparison, and the scope of the fan chart only', () => {
    expect(chartQuery('fan', { manifest: a, comparison: b }, view).toString()).toBe(`run=${a.id}&chart=fan&compare=${b.id}`);
    expect(chartQuery('fan', { manifest: a, comparison: a }, { unit: 'yi', lang: 'zh', scope: 'nuclear' }).toString()).toBe(`run=${a.id}&chart=fan&scope=nuclear&unit=yi&lang=zh`);
    expect(chartQuery('clusters', { manifest: a }, { ...view, scope: 'nuclear' }).has('scope')).toBe(false);
  });

  it('point at the server\'s image of the same chart', () => {
    expect(imageUrl('fan', { manifest: a, comparison: b }, 'http://h', { ...view, scope: 'health' })).toBe(`http://h/api/runs/${a.id}/charts/fan.png?compare=${b.id}&scope=health`);
    expect(imageUrl('probability', { manifest: a }, 'http://h', view)).toBe(`http://h/api/runs/${a.id}/charts/probability.png`);
  });

  it('ask for the report table in the page\'s language and unit', () => {
    expect(tableUrls('r1', { unit: 'yi', lang: 'zh' })).toEqual({ csv: '/api/runs/r1/table.csv?lang=zh&unit=yi', xlsx: '/api/runs/r1/table.xlsx?lang=zh&unit=yi' });
  });

  it('keep a hostile title one attribute of the snippet', () => {
    expect(attr('a "b" <c> & d')).toBe('a &quot;b&quot; &lt;c&gt; &amp; d');
    expect(embedSnippet('/embed?run=1&chart=fan', 'T "x"')).toBe('<iframe src="/embed?run=1&amp;chart=fan" width="900" height="600" style="border:0;max-width:100%" title="T &quot;x&quot;" loading="lazy"></iframe>');
  });
});
