// The page: pick a scenario, run it through the API, show key figures and tables.
const $ = (id) => document.getElementById(id);
const bn = (v) => v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pct = (p) => `${(p * 100).toFixed(1)}%`;
const pp = (d) => (d === null ? 'beyond +100 pp' : `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(2)} pp/yr`);

let scenarios = [];
/** The version a shared link asked for; cleared when the user picks another scenario. */
let pinnedVersion;

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

async function api(path, init) {
  const res = await fetch(path, init);
  const body = await res.json();
  if (!res.ok) {
    const details = (body.details ?? []).map((d) => `${d.path}: ${d.message}`).join('; ');
    throw new Error(`${body.message}${details ? ` (${details})` : ''}`);
  }
  return body;
}

function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

function table(el, head, rows) {
  el.replaceChildren();
  const thead = el.createTHead().insertRow();
  head.forEach((h) => {
    const th = cell('th', h);
    th.scope = 'col';
    thead.append(th);
  });
  const tbody = el.createTBody();
  for (const row of rows) {
    const tr = tbody.insertRow();
    row.forEach((v, i) => {
      const c = cell(i === 0 ? 'th' : 'td', v);
      if (i === 0) c.scope = 'row';
      tr.append(c);
    });
  }
}

function show(manifest) {
  const { result, scenario } = manifest;
  const years = result.years;
  const idx = (y) => years.indexOf(y);
  $('results-title').textContent = scenario.title;
  $('run-meta').textContent = `${result.meta.trials.toLocaleString('en-US')} trials · seed ${result.meta.seed} · engine ${manifest.engineVersion} · run ${manifest.createdAt.slice(0, 10)} · billion yuan, nominal`;
  const figures = [];
  const target = result.targets.find((t) => t.scope === 'total' && t.year === 2030) ?? result.targets[0];
  if (target) {
    figures.push([`Chance of ≥ ${bn(target.value)} bn in ${target.year}`, pct(target.probability)]);
    figures.push([`Median ${target.year} total (gap)`, `${bn(target.p50)} (${target.gapAtMedian >= 0 ? '+' : '−'}${bn(Math.abs(target.gapAtMedian))})`]);
    figures.push(['Growth change needed on every field for 50% / 80% (pp a year)', `${pp(target.requiredGrowthUplift.p50)} / ${pp(target.requiredGrowthUplift.p80)}`]);
  }
  const last = years[years.length - 1];
  figures.push([`Median ${last} total (90% range)`, `${bn(result.total.p50[idx(last)])} (${bn(result.total.p5[idx(last)])}–${bn(result.total.p95[idx(last)])})`]);
  $('figures').replaceChildren(
    ...figures.map(([k, v]) => {
      const div = document.createElement('div');
      div.append(cell('dt', k), cell('dd', v));
      return div;
    }),
  );
  table(
    $('total-table'),
    ['Year', 'p5', 'p25', 'Median', 'p75', 'p95', 'No-shock path'],
    years.map((y, i) => [String(y), bn(result.total.p5[i]), bn(result.total.p25[i]), bn(result.total.p50[i]), bn(result.total.p75[i]), bn(result.total.p95[i]), bn(result.central.total[i])]),
  );
  const keyYears = [...new Set([...result.targets.map((t) => t.year), last])].sort();
  const names = Object.fromEntries(scenario.clusters.map((c) => [c.id, `${c.name.en} ${c.name.zh}`]));
  table(
    $('cluster-table'),
    ['Cluster', ...keyYears.map(String)],
    Object.entries(result.clusters).map(([id, s]) => [names[id] ?? id, ...keyYears.map((y) => `${bn(s.p50[idx(y)])} (${bn(s.p5[idx(y)])}–${bn(s.p95[idx(y)])})`)]),
  );
  $('json-link').href = `/api/runs/${manifest.id}`;
  $('csv-link').href = `/api/runs/${manifest.id}.csv`;
  $('results').hidden = false;
}

async function run(event) {
  event?.preventDefault();
  const scenarioId = $('scenario').value;
  const chosen = scenarios.find((s) => s.id === scenarioId);
  // a saved scenario's link names its version, so the link keeps showing the same assumptions
  const version = pinnedVersion ?? (chosen?.source === 'saved' ? chosen.version : undefined);
  const trials = Number($('trials').value) || undefined;
  const seed = $('seed').value === '' ? undefined : Number($('seed').value);
  const params = new URLSearchParams({ scenario: scenarioId, ...(version ? { version } : {}), ...(trials ? { trials } : {}), ...(seed !== undefined ? { seed } : {}) });
  history.replaceState(null, '', `?${params}`);
  $('run').disabled = true;
  setStatus('Running…');
  const started = performance.now();
  try {
    const manifest = await api('/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenarioId, version, trials, seed }) });
    show(manifest);
    setStatus(`Done in ${Math.round(performance.now() - started)} ms.`);
  } catch (err) {
    setStatus(err.message, true);
  } finally {
    $('run').disabled = false;
  }
}

function pickDefaults() {
  const chosen = scenarios.find((s) => s.id === $('scenario').value);
  if (!chosen) return;
  $('trials').placeholder = '10000';
}

async function init() {
  try {
    ({ scenarios } = await api('/api/scenarios'));
  } catch (err) {
    setStatus(`Cannot load scenarios: ${err.message}`, true);
    return;
  }
  $('scenario').replaceChildren(...scenarios.map((s) => new Option(`${s.title}${s.source === 'saved' ? ` (saved v${s.version})` : ''}`, s.id)));
  const query = new URLSearchParams(location.search);
  if (query.get('scenario') && scenarios.some((s) => s.id === query.get('scenario'))) $('scenario').value = query.get('scenario');
  if (query.get('trials')) $('trials').value = query.get('trials');
  if (query.get('seed')) $('seed').value = query.get('seed');
  if (query.get('version')) pinnedVersion = Number(query.get('version'));
  pickDefaults();
  $('scenario').addEventListener('change', () => {
    pinnedVersion = undefined;
    pickDefaults();
  });
  $('run-form').addEventListener('submit', run);
  await run();
}

init();
