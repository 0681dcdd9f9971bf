/** Run ids hash the canonical JSON of a request; a scenario's canonical JSON may be computed once and reused. */
import { describe, expect, it } from 'vitest';
import { Canonical, canonicalJson, contentHash } from '../../src/store/store.ts';
import { tinyScenario } from './helpers.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined, b: null }], c: 'x' })).toBe('{"a":[{"b":null,"d":2}],"b":1,"c":"x"}');
  });

  it('writes a precomputed part as it is: the same text, so the same run id, as computing it in place', () => {
    const scenario = tinyScenario();
    const request = { engineVersion: '2.0.0', ref: { id: 'tiny', source: 'bundled', version: null }, trials: 10, seed: 1, upliftTrials: 10, overrides: {} };
    expect(canonicalJson({ ...request, scenario: new Canonical(canonicalJson(scenario)) })).toBe(canonicalJson({ ...request, scenario }));
    expect(contentHash({ ...request, scenario: new Canonical(canonicalJson(scenario)) })).toBe(contentHash({ ...request, scenario }));
  });
});
