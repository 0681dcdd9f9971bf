/**
 * Validation by TypeBox's compiler, with messages a user can act on: every problem at once, each
 * at a readable path (`clusters[0].fields[1].base`), saying what would be valid, "did you mean"
 * for a mistyped key, and for a union (a distribution, a growth model) the problems of the member
 * the value's tag or shape points to. The compiled check answers valid input; the compiler's
 * error list is read only for invalid input.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError, type ValueErrorIterator } from '@sinclair/typebox/errors';
import { joinPath, type Issue, type IssueCode } from '../core/errors.ts';
import { ISSUE_SCAN_LIMIT } from '../core/limits.ts';

type Schema = TSchema & Record<string, unknown>;

const checks = new WeakMap<TSchema, TypeCheck<TSchema>>();

/** The compiled check of `schema` (compiled once, then kept with the schema). */
export function compiled<T extends TSchema>(schema: T): TypeCheck<T> {
  let check = checks.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    checks.set(schema, check);
  }
  return check as TypeCheck<T>;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** What a schema accepts, in words: its description, or its type. */
export function describeSchema(schema: TSchema): string {
  const s = schema as Schema;
  if (typeof s.description === 'string') return s.description;
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s[Kind] === 'Union') return (s.anyOf as Schema[]).map(describeSchema).join(' or ');
  if (s.type === 'integer') return 'a whole number';
  if (s.type === 'number') return 'a number';
  if (s.type === 'string') return 'text';
  if (s.type === 'boolean') return 'true or false';
  if (s.type === 'array') return 'a list';
  if (s.type === 'object') return 'an object';
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

/** The tag keys that tell a union's object members apart. */
const TAGS = ['dist', 'model'] as const;

const tagOf = (member: Schema, key: string): unknown => (member.properties as Record<string, Schema> | undefined)?.[key]?.const;

/** The union member to report against when a value matches none: by tag, then by shape. */
function pickMember(members: Schema[], value: unknown): Schema | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return members.find((m) => (m.type === 'number' || m.type === 'integer') && typeof value === 'number') ?? members.find((m) => m.type === 'string' && typeof value === 'string');
  }
  const objects = members.filter((m) => m.type === 'object');
  const record = value as Record<string, unknown>;
  for (const key of TAGS) {
    const tagged = objects.filter((m) => tagOf(m, key) !== undefined);
    if (tagged.length === 0 || !(key in record)) continue;
    return tagged.find((m) => tagOf(m, key) === record[key]);
  }
  // untagged: the member whose keys overlap most with the value's keys
  let best: Schema | undefined;
  let bestScore = -1;
  for (const m of objects) {
    const props = m.properties as Record<string, Schema>;
    const required = (m.required as string[] | undefined) ?? [];
    if (required.some((k) => props[k].const !== undefined)) continue; // tagged member, tag absent
    const score = Object.keys(record).filter((k) => k in props).length;
    if (score > bestScore) {
      best = m;
      bestScore = score;
    }
  }
  return best;
}

/** A JSON pointer's segments (RFC 6901 escapes undone). */
const segments = (pointer: string): string[] => (pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')));

/** What one translation of an error list shares: where the value is, and what was said already. */
interface Walk {
  readonly root: unknown;
  readonly base: string;
  readonly out: Issue[];
  /** Pointers of lists past their maxItems: their items are not reported (a client controls how many there are). */
  readonly oversized: string[];
  /** Pointers already reported missing (the compiler reports a missing key twice). */
  readonly missing: Set<string>;
}

/** The readable path of a pointer into the walked value: list items as `[i]`, keys as `.key`. */
function readablePath(walk: Walk, pointer: string): { path: string; key: string | undefined } {
  let path = walk.base;
  let at: unknown = walk.root;
  let key: string | undefined;
  for (const seg of segments(pointer)) {
    key = seg;
    if (Array.isArray(at)) {
      path = joinPath(path, Number(seg));
      at = at[Number(seg)];
    } else {
      path = joinPath(path, seg);
      at = at !== null && typeof at === 'object' && Object.hasOwn(at, seg) ? (at as Record<string, unknown>)[seg] : undefined;
    }
  }
  return { path, key };
}

function unknownKey(schema: Schema, key: string): string {
  const allowed = Object.keys((schema.properties ?? {}) as Record<string, Schema>);
  if (schema.patternProperties) return `is not a valid key here${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
  const near = allowed.filter((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
  return `unknown key${near.length ? `; did you mean ${near.join(' or ')}?` : ''} (allowed here: ${allowed.join(', ')})`;
}

/** A union no member of which matches: the problems of the member the value points to, or what would be valid. */
function unionIssues(walk: Walk, e: ValueError, path: string): void {
  const schema = e.schema as Schema;
  const members = schema.anyOf as Schema[];
  const value = e.value;
  if (members.every((m) => m.const !== undefined)) {
    walk.out.push({ path, code: 'one-of', message: `must be one of ${members.map((m) => JSON.stringify(m.const)).join(', ')}; got ${typeName(value)}` });
    return;
  }
  const member = pickMember(members, value);
  if (member && (typeof value !== 'object' || member.type === 'object')) {
    translate(walk, e.errors[members.indexOf(member)]);
    return;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const key = TAGS.find((k) => k in record);
    const tags = key ? members.map((m) => tagOf(m, key)).filter((t) => t !== undefined) : [];
    if (key && tags.length) {
      walk.out.push({ path: joinPath(path, key), code: 'one-of', message: `unknown ${key} ${JSON.stringify(record[key])}; use one of: ${tags.map(String).join(', ')}` });
      return;
    }
  }
  walk.out.push({ path, code: 'type', message: `must be ${describeSchema(schema)}; got ${typeName(value)}` });
}

/** One compiler error in words, with its code; undefined when nothing is to be said (a union: said by unionIssues). */
function said(e: ValueError, key: string | undefined): { code: IssueCode; message: string } | undefined {
  const s = e.schema as Schema;
  const v = e.value;
  switch (e.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return { code: 'missing', message: `is missing: add ${key} (${describeSchema(s)})` };
    case ValueErrorType.ObjectAdditionalProperties:
      return { code: 'unknown-key', message: unknownKey(s, key ?? '') };
    case ValueErrorType.Literal:
      return { code: 'one-of', message: `must be ${JSON.stringify(s.const)}, got ${typeName(v)}` };
    case ValueErrorType.Number:
    case ValueErrorType.Integer:
      if (typeof v === 'number' && !Number.isFinite(v)) return { code: 'type', message: `must be a finite number, got ${v}` };
      if (typeof v === 'number') return { code: 'type', message: `must be a whole number, got ${v}` };
      return { code: 'type', message: `must be ${describeSchema(s)}, got ${typeName(v)}` };
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return { code: 'range', message: `must be ≥ ${s.minimum as number}, got ${v as number}` };
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return { code: 'range', message: `must be ≤ ${s.maximum as number}, got ${v as number}` };
    case ValueErrorType.NumberExclusiveMinimum:
    case ValueErrorType.IntegerExclusiveMinimum:
      return { code: 'range', message: `must be > ${s.exclusiveMinimum as number}, got ${v as number}` };
    case ValueErrorType.NumberExclusiveMaximum:
    case ValueErrorType.IntegerExclusiveMaximum:
      return { code: 'range', message: `must be < ${s.exclusiveMaximum as number}, got ${v as number}` };
    case ValueErrorType.String:
      return { code: 'type', message: `must be text, got ${typeName(v)}` };
    case ValueErrorType.StringMinLength:
      return { code: 'length', message: s.minLength === 1 ? 'must not be empty' : `must be at least ${s.minLength as number} characters` };
    case ValueErrorType.StringMaxLength:
      return { code: 'length', message: `must be at most ${s.maxLength as number} characters` };
    case ValueErrorType.StringPattern:
      return { code: 'pattern', message: `${JSON.stringify(v)} is not valid: ${describeSchema(s)}` };
    case ValueErrorType.Array:
      return { code: 'type', message: `must be a list, got ${typeName(v)}` };
    case ValueErrorType.ArrayMinItems:
      return { code: 'too-few', message: s.minItems === 1 ? 'must not be empty: add at least one' : `needs at least ${s.minItems as number} items` };
    case ValueErrorType.ArrayMaxItems:
      return { code: 'too-many', message: `allows at most ${s.maxItems as number} items, got ${(v as unknown[]).length}` };
    case ValueErrorType.Boolean:
      return { code: 'type', message: `must be true or false, got ${typeName(v)}` };
    case ValueErrorType.Null:
      return { code: 'type', message: `must be null, got ${typeName(v)}` };
    case ValueErrorType.Object:
      return { code: 'type', message: `must be ${describeSchema(s)}, got ${typeName(v)}` };
    default:
      return { code: 'invalid', message: e.message };
  }
}

/** Appends the issues of a compiler error list to `walk.out`, until ISSUE_SCAN_LIMIT. */
function translate(walk: Walk, errors: ValueErrorIterator | undefined): void {
  if (!errors) return;
  for (const e of errors) {
    if (walk.out.length >= ISSUE_SCAN_LIMIT) return;
    if (walk.oversized.some((p) => e.path.startsWith(`${p}/`))) continue;
    if (walk.missing.has(e.path)) continue;
    const { path, key } = readablePath(walk, e.path);
    // a key given as undefined (from code, never from JSON or YAML) is as good as missing
    if (e.value === undefined && e.type !== ValueErrorType.ObjectRequiredProperty && key !== undefined) {
      walk.missing.add(e.path);
      walk.out.push({ path, code: 'missing', message: `is missing: add ${key} (${describeSchema(e.schema)})` });
      continue;
    }
    if (e.type === ValueErrorType.ObjectRequiredProperty) walk.missing.add(e.path);
    if (e.type === ValueErrorType.ArrayMaxItems) walk.oversized.push(e.path);
    if (e.type === ValueErrorType.Union) {
      unionIssues(walk, e, path);
      continue;
    }
    const issue = said(e, key);
    if (issue) walk.out.push({ path, ...issue });
  }
}

/**
 * The problems of `value` against `schema` (none: it is valid), each at a path under `path`;
 * stops looking at ISSUE_SCAN_LIMIT problems (errors list only the first MAX_ISSUES anyway).
 */
export function shapeIssues(schema: TSchema, value: unknown, path = ''): Issue[] {
  const check = compiled(schema);
  if (check.Check(value)) return [];
  const walk: Walk = { root: value, base: path, out: [], oversized: [], missing: new Set() };
  translate(walk, check.Errors(value));
  // the compiled check and the error list agree; should they not, the value is still refused
  if (walk.out.length === 0) walk.out.push({ path, code: 'invalid', message: `must be ${describeSchema(schema)}` });
  return walk.out;
}

/** Whether a list of problems reports input past a size limit (a list too long, or too many problems to list). */
export function pastSizeLimit(issues: readonly Issue[]): boolean {
  return issues.length >= ISSUE_SCAN_LIMIT || issues.some((i) => i.code === 'too-many');
}

const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** Whether a schema (or a member of its union) takes numbers, or booleans. */
function takes(schema: Schema, type: 'number' | 'boolean'): boolean {
  if (schema[Kind] === 'Union') return (schema.anyOf as Schema[]).some((m) => takes(m, type));
  if (type === 'boolean') return schema.type === 'boolean' || typeof schema.const === 'boolean';
  return schema.type === 'number' || schema.type === 'integer' || typeof schema.const === 'number';
}

/**
 * A query string's or path's values as the schema types them: a decimal number where the property
 * takes a number ("12", "0.5"; not "0x10", " 12" or "1e3"), true or false where it takes a
 * boolean. Anything else stays text, for the check to refuse with the path and what is valid.
 */
export function coerceStrings(schema: TSchema, data: unknown): unknown {
  const props = (schema as Schema).properties as Record<string, Schema> | undefined;
  if (!props || data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const [key, raw] of Object.entries(out)) {
    const sub = Object.hasOwn(props, key) ? props[key] : undefined;
    if (!sub || typeof raw !== 'string') continue;
    if (takes(sub, 'number') && DECIMAL.test(raw)) out[key] = Number(raw);
    else if (takes(sub, 'boolean') && (raw === 'true' || raw === 'false')) out[key] = raw === 'true';
  }
  return out;
}
