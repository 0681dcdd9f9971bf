// An id for a saved scenario from its title. Pure: no DOM.

/**
 * An id for a title: its Latin letters and digits, or (for a title without them, e.g. in Chinese)
 * the scenario's id with the first free number, so two saves never share an id by accident.
 * `scenarios` is the catalog ({id, source}).
 */
export function slug(title, scenarioId, scenarios) {
  const s = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  if (s && s !== scenarioId && !scenarios.some((x) => x.id === s && x.source === 'bundled')) return s;
  const stem = scenarioId.replace(/-\d+$/, '').slice(0, 58);
  for (let n = 2; ; n++) if (!scenarios.some((x) => x.id === `${stem}-${n}`)) return `${stem}-${n}`;
}
