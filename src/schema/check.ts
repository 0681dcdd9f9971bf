/**
 * Structural check of a value against a TypeBox schema, reporting every problem at once with a
 * readable path and what would be valid. Interprets the JSON Schema subset used in scenario.ts.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { joinPath, type Issue } from '../core/errors.ts';
import { ISSUE_SCAN_LIMIT } from '../core/limits.ts';

type Schema = TSchema & Record<string, unknown>;

/** How a list past its maxItems is reported. */
const TOO_MANY = 'allows at most';

/** Whether an issue reports input past a size limit (a list too long, or too many problems to list). */
export function isSizeIssue(issue: Issue, issueCount: number): boolean {
  return issueCount >= ISSUE_SCAN_LIMIT || issue.message.startsWith(`${TOO_MANY} `);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}

function describe(schema: Schema): string {
  if (typeof schema.description === 'string') return schema.description;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema[Kind] === 'Union') return (schema.anyOf as Schema[]).map(describe).join(' or ');
  if (schema.type === 'integer') return 'a whole number';
  if (schema.type === 'number') return 'a number';
  if (schema.type === 'string') return 'text';
  if (schema.type === 'array') return 'a list';
  if (schema.type === 'object') return 'an object';
  return 'a valid value';
}

/** Levenshtein distance, for "did you mean" hints on unknown keys. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function checkNumber(schema: Schema, value: number, path: string, out: Issue[]): void {
  if (!Number.isFinite(value)) {
    out.push({ path, message: `must be a finite number, got ${value}` });
    return;
  }
  if (schema.type === 'integer' && !Number.isInteger(value)) out.push({ path, message: `must be a whole number, got ${value}` });
  if (typeof schema.minimum === 'number' && value < schema.minimum) out.push({ path, message: `must be ≥ ${schema.minimum}, got ${value}` });
  if (typeof schema.maximum === 'number' && value > schema.maximum) out.push({ path, message: `must be ≤ ${schema.maximum}, got ${value}` });
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
    out.push({ path, message: `must be > ${schema.exclusiveMinimum}, got ${value}` });
  }
}

/** The union member to report against when a value matches none: by discriminator, then by shape. */
function pickMember(members: Schema[], value: unknown): Schema | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return members.find((m) => (m.type === 'number' || m.type === 'integer') && typeof value === 'number')
      ?? members.find((m) => m.type === 'string' && typeof value === 'string');
  }
  const objects = members.filter((m) => m.type === 'object');
  const record = value as Record<string, unknown>;
  for (const key of ['dist', 'model']) {
    const tagged = objects.filter((m) => (m.properties as Record<string, Schema> | undefined)?.[key]?.const !== undefined);
    if (tagged.length === 0 || !(key in record)) continue;
    return tagged.find((m) => (m.properties as Record<string, Schema>)[key].const === record[key]);
  }
  // untagged: the member whose keys overlap most with the value's keys
  let best: Schema | undefined;
  let bestScore = -1;
  for (const m of objects) {
    const props = m.properties as Record<string, Schema>;
    const required = (m.required as string[] | undefined) ?? [];
    if (required.some((k) => (props[k] as Schema).const !== undefined)) continue; // tagged member, tag absent
    const score = Object.keys(record).filter((k) => k in props).length;
    if (score > bestScore) {
      best = m;
      bestScore = score;
    }
  }
  return best;
}

/** Whether `value` matches `schema`. */
function passes(schema: Schema, value: unknown, path: string): boolean {
  const trial: Issue[] = [];
  checkShape(schema, value, path, trial);
  return trial.length === 0;
}

/**
 * Checks `value` against `schema`, appending issues (with paths under `path`) to `out`; stops
 * looking once `out` holds ISSUE_SCAN_LIMIT (errors list only the first MAX_ISSUES anyway).
 */
export function checkShape(schemaIn: TSchema, value: unknown, path: string, out: Issue[]): void {
  if (out.length >= ISSUE_SCAN_LIMIT) return;
  const schema = schemaIn as Schema;
  if (schema[Kind] === 'Union') {
    const members = schema.anyOf as Schema[];
    // the member the value's tag or type points to first: a valid value passes at the first try,
    // and the others' messages (with their "did you mean" distances) are not built for nothing
    const likely = pickMember(members, value);
    if (likely && passes(likely, value, path)) return;
    for (const m of members) if (m !== likely && passes(m, value, path)) return;
    if (members.every((m) => m.const !== undefined)) {
      out.push({ path, message: `must be one of ${members.map((m) => JSON.stringify(m.const)).join(', ')}; got ${typeName(value)}` });
      return;
    }
    const member = likely;
    if (member && (typeof value !== 'object' || member.type === 'object')) {
      checkShape(member, value, path, out);
      return;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const tags = members.flatMap((m) => {
        const props = m.properties as Record<string, Schema> | undefined;
        return props?.dist?.const !== undefined ? [String(props.dist.const)] : props?.model?.const !== undefined ? [String(props.model.const)] : [];
      });
      const record = value as Record<string, unknown>;
      const key = 'dist' in record ? 'dist' : 'model' in record ? 'model' : undefined;
      if (key && tags.length) {
        out.push({ path: joinPath(path, key), message: `unknown ${key} ${JSON.stringify(record[key])}; use one of: ${tags.join(', ')}` });
        return;
      }
    }
    out.push({ path, message: `must be ${describe(schema)}; got ${typeName(value)}` });
    return;
  }
  if (schema.const !== undefined) {
    if (value !== schema.const) out.push({ path, message: `must be ${JSON.stringify(schema.const)}, got ${typeName(value)}` });
    return;
  }
  switch (schema.type) {
    case 'number':
    case 'integer':
      if (typeof value !== 'number') out.push({ path, message: `must be ${describe(schema)}, got ${typeName(value)}` });
      else checkNumber(schema, value, path, out);
      return;
    case 'string':
      if (typeof value !== 'string') {
        out.push({ path, message: `must be text, got ${typeName(value)}` });
        return;
      }
      if (typeof schema.minLength === 'number' && value.length < schema.minLength) out.push({ path, message: 'must not be empty' });
      if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) out.push({ path, message: `must be at most ${schema.maxLength} characters` });
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) {
        out.push({ path, message: `${JSON.stringify(value)} is not valid: ${describe(schema)}` });
      }
      return;
    case 'array': {
      if (!Array.isArray(value)) {
        out.push({ path, message: `must be a list, got ${typeName(value)}` });
        return;
      }
      if (typeof schema.minItems === 'number' && value.length < schema.minItems) out.push({ path, message: schema.minItems === 1 ? 'must not be empty: add at least one' : `needs at least ${schema.minItems} items` });
      if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
        // too long to be valid: its items are not looked at (a client controls how many there are)
        out.push({ path, message: `${TOO_MANY} ${schema.maxItems} items, got ${value.length}` });
        return;
      }
      for (let i = 0; i < value.length && out.length < ISSUE_SCAN_LIMIT; i++) checkShape(schema.items as TSchema, value[i], joinPath(path, i), out);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') out.push({ path, message: `must be true or false, got ${typeName(value)}` });
      return;
    case 'null':
      if (value !== null) out.push({ path, message: `must be null, got ${typeName(value)}` });
      return;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        out.push({ path, message: `must be ${describe(schema)}, got ${typeName(value)}` });
        return;
      }
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required as string[] | undefined) ?? [];
      const record = value as Record<string, unknown>;
      for (const key of required) {
        if (!Object.hasOwn(record, key) || record[key] === undefined) out.push({ path: joinPath(path, key), message: `is missing: add ${key} (${describe(props[key])})` });
      }
      const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, Schema>);
      // for…in, not Object.entries: a loop that stops at ISSUE_SCAN_LIMIT does not first copy every key and value of a huge object
      for (const key in record) {
        if (!Object.hasOwn(record, key)) continue;
        if (out.length >= ISSUE_SCAN_LIMIT) return;
        const item = record[key];
        // own properties only: "constructor" or "toString" must not find Object.prototype's members
        const own = Object.hasOwn(props, key) ? props[key] : undefined;
        const pattern = own ? undefined : patterns.find(([p]) => new RegExp(p).test(key));
        const sub = own ?? pattern?.[1];
        if (!sub) {
          const allowed = Object.keys(props);
          if (patterns.length) {
            out.push({ path: joinPath(path, key), message: `is not a valid key here${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}` });
            continue;
          }
          const near = allowed.filter((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
          out.push({
            path: joinPath(path, key),
            message: `unknown key${near.length ? `; did you mean ${near.join(' or ')}?` : ''} (allowed here: ${allowed.join(', ')})`,
          });
          continue;
        }
        if (item === undefined) continue;
        checkShape(sub, item, joinPath(path, key), out);
      }
      return;
    }
    default:
      return;
  }
}
