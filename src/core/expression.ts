/**
 * Parameter expressions: mathjs expressions of `year` and `t` (years since baseYear), parsed and
 * checked against an allowlist once, compiled once, and evaluated for each year of the grid before
 * any trial runs. An expression can only do arithmetic: no assignment, function definition,
 * property access, matrices, units, strings, import, evaluate or parse.
 *
 * mathjs is loaded on the first expression, not with this module: a scenario without expressions
 * (and a command that compiles none) never pays for it. Only the parser, the node types and the
 * functions below are loaded (about 100 small files of mathjs's number build, ~50 ms) instead of
 * the whole of `mathjs/number` (~250 ms); they are mathjs's own number implementations, so an
 * expression gives exactly what `create(all)` of 'mathjs/number' gives.
 */
// The one Node dependency of the core: mathjs must load synchronously inside compileExpression.
// eslint-disable-next-line no-restricted-imports
import { createRequire } from 'node:module';
import type { MathJsInstance, MathNode } from 'mathjs/number';
import type { Issue } from './errors.ts';
import { MAX_EXPRESSION_LENGTH } from './limits.ts';

/** Variables an expression may use. */
const EXPRESSION_SYMBOLS = ['year', 't', 'pi', 'e'] as const;

/** Functions an expression may call. */
export const EXPRESSION_FUNCTIONS = [
  'abs',
  'exp',
  'log',
  'log10',
  'log2',
  'log1p',
  'expm1',
  'sqrt',
  'cbrt',
  'pow',
  'min',
  'max',
  'floor',
  'ceil',
  'round',
  'sign',
  'mod',
  'sin',
  'cos',
  'tan',
  'tanh',
  'atan',
  'hypot',
] as const;

const OPERATORS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'unaryMinus',
  'unaryPlus',
  'mod',
  'larger',
  'smaller',
  'largerEq',
  'smallerEq',
  'equal',
  'unequal',
  'and',
  'or',
  'not',
]);
const SYMBOLS = new Set<string>(EXPRESSION_SYMBOLS);
const FUNCTIONS = new Set<string>(EXPRESSION_FUNCTIONS);

/** A mathjs factory function (opaque here). */
type Factory = unknown;
let math: Pick<MathJsInstance, 'parse'> | undefined;

/**
 * A mathjs instance with the parser and exactly what an expression may evaluate: the operators,
 * EXPRESSION_FUNCTIONS, pi and e, and their dependencies. The factories are those of mathjs's number
 * build (mathjs/lib/cjs/factoriesNumber.js), required file by file: that entry point loads all of
 * mathjs. Files are required by path inside the installed package (its `exports` do not list them);
 * mathjs is pinned in package.json and test/core/expression.test.ts compares with 'mathjs/number'.
 */
function loadMath(): Pick<MathJsInstance, 'parse'> {
  const require = createRequire(import.meta.url);
  const lib = require.resolve('mathjs').replace(/index\.js$/, ''); // …/mathjs/lib/cjs/
  const load = (file: string, name: string): Factory => {
    const value = (require(lib + file) as Record<string, Factory>)[name];
    if (value === undefined) throw new Error(`mathjs: ${file} has no ${name} (mathjs changed? see src/core/expression.ts)`);
    return value;
  };
  const { create } = require(lib + 'core/create.js') as { create: (factories: Record<string, Factory>) => MathJsInstance };
  const { factory } = require(lib + 'utils/factory.js') as {
    factory: (name: string, deps: string[], fn: (deps: Record<string, (fn: unknown) => unknown>) => unknown) => Factory;
  };
  // the number functions of factoriesNumber.js: createNumberFactory and createNumberOptionalSecondArgFactory there
  const plainFn = (name: string): unknown => load('plain/number/index.js', name);
  const numberFn = (name: string, fn = plainFn(`${name}Number`)): Factory => factory(name, ['typed'], ({ typed }) => typed(fn));
  const optionalSecond = (name: string, fn = plainFn(`${name}Number`)): Factory => factory(name, ['typed'], ({ typed }) => typed({ number: fn, 'number,number': fn }));
  const nodes = [
    'Node',
    'AccessorNode',
    'ArrayNode',
    'AssignmentNode',
    'BlockNode',
    'ConditionalNode',
    'ConstantNode',
    'FunctionAssignmentNode',
    'FunctionNode',
    'IndexNode',
    'ObjectNode',
    'OperatorNode',
    'ParenthesisNode',
    'RangeNode',
    'RelationalNode',
    'SymbolNode',
  ];
  const factories: Record<string, Factory> = {
    ...Object.fromEntries(nodes.map((n) => [n, load(`expression/node/${n}.js`, `create${n}`)])),
    parse: load('expression/parse.js', 'createParse'),
    typed: load('core/function/typed.js', 'createTyped'),
    number: load('type/number.js', 'createNumber'),
    numeric: load('function/utils/numeric.js', 'createNumeric'),
    ResultSet: load('type/resultset/ResultSet.js', 'createResultSet'),
    isBounded: load('function/utils/isBounded.js', 'createIsBounded'),
    size: load('function/matrix/size.js', 'createSize'),
    subset: factory('subset', [], () => load('utils/noop.js', 'noSubset')),
    matrix: factory('matrix', [], () => load('utils/noop.js', 'noMatrix')),
    larger: load('function/relational/larger.js', 'createLargerNumber'),
    smaller: load('function/relational/smaller.js', 'createSmallerNumber'),
    largerEq: load('function/relational/largerEq.js', 'createLargerEqNumber'),
    smallerEq: load('function/relational/smallerEq.js', 'createSmallerEqNumber'),
    equalScalar: load('function/relational/equalScalar.js', 'createEqualScalarNumber'),
    equal: load('function/relational/equal.js', 'createEqualNumber'),
    unequal: load('function/relational/unequal.js', 'createUnequalNumber'),
    min: load('function/statistics/min.js', 'createMin'),
    max: load('function/statistics/max.js', 'createMax'),
    minTransform: load('expression/transform/min.transform.js', 'createMinTransform'),
    maxTransform: load('expression/transform/max.transform.js', 'createMaxTransform'),
    floor: load('function/arithmetic/floor.js', 'createFloorNumber'),
    ceil: load('function/arithmetic/ceil.js', 'createCeilNumber'),
    hypot: load('function/arithmetic/hypot.js', 'createHypot'),
    pi: load('constants.js', 'createPi'),
    e: load('constants.js', 'createE'),
    log: optionalSecond('log'),
    round: optionalSecond('round'),
    ...Object.fromEntries(
      [
        'add',
        'subtract',
        'multiply',
        'divide',
        'pow',
        'unaryMinus',
        'unaryPlus',
        'mod',
        'and',
        'or',
        'not',
        'abs',
        'exp',
        'log10',
        'log2',
        'log1p',
        'expm1',
        'sqrt',
        'cbrt',
        'sign',
        'sin',
        'cos',
        'tan',
        'tanh',
        'atan',
        'isNaN',
        'isPositive',
      ].map((n) => [n, numberFn(n)]),
    ),
    addScalar: numberFn('addScalar', plainFn('addNumber')),
    multiplyScalar: numberFn('multiplyScalar', plainFn('multiplyNumber')),
    divideScalar: numberFn('divideScalar', plainFn('divideNumber')),
  };
  return create(factories);
}

/** A compiled expression: value at a calendar year and t = year − baseYear. */
export type CompiledExpression = (year: number, t: number) => unknown;

function checkNode(node: MathNode, problems: string[]): void {
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode':
      if (typeof n.value !== 'number') problems.push(`only numbers are allowed, not ${JSON.stringify(n.value)}`);
      return;
    case 'SymbolNode':
      if (!SYMBOLS.has(String(n.name))) {
        problems.push(`unknown name "${String(n.name)}"; use ${EXPRESSION_SYMBOLS.join(', ')}`);
      }
      return;
    case 'ParenthesisNode':
      checkNode(n.content as MathNode, problems);
      return;
    case 'OperatorNode':
      if (!OPERATORS.has(String(n.fn))) problems.push(`operator "${String(n.op)}" is not allowed`);
      for (const arg of n.args as MathNode[]) checkNode(arg, problems);
      return;
    case 'ConditionalNode':
      checkNode(n.condition as MathNode, problems);
      checkNode(n.trueExpr as MathNode, problems);
      checkNode(n.falseExpr as MathNode, problems);
      return;
    case 'FunctionNode': {
      const fn = n.fn as MathNode & { name?: unknown };
      if (fn.type !== 'SymbolNode' || !FUNCTIONS.has(String(fn.name))) {
        problems.push(`function "${fn.type === 'SymbolNode' ? String(fn.name) : '(computed)'}" is not allowed; use ${EXPRESSION_FUNCTIONS.join(', ')}`);
        return;
      }
      for (const arg of n.args as MathNode[]) checkNode(arg, problems);
      return;
    }
    default:
      problems.push(
        `${node.type
          .replace(/Node$/, '')
          .replace(/([a-z])([A-Z])/g, '$1 $2')
          .toLowerCase()}s are not allowed (only arithmetic of year and t)`,
      );
  }
}

/** Parses and checks `source`; on success returns the compiled expression, else pushes issues at `path`. */
export function compileExpression(source: string, path: string, issues: Issue[]): CompiledExpression | undefined {
  // before parsing: a huge expression would take the parser seconds (the shape check reports it too)
  if (source.length > MAX_EXPRESSION_LENGTH) {
    issues.push({ path, message: `an expression may be at most ${MAX_EXPRESSION_LENGTH} characters, got ${source.length}` });
    return undefined;
  }
  math ??= loadMath();
  let node: MathNode;
  try {
    node = math.parse(source);
  } catch (err) {
    issues.push({ path, message: `cannot parse expression ${JSON.stringify(source)}: ${(err as Error).message}` });
    return undefined;
  }
  const problems: string[] = [];
  checkNode(node, problems);
  if (problems.length) {
    issues.push({ path, message: `expression ${JSON.stringify(source)}: ${[...new Set(problems)].join('; ')}` });
    return undefined;
  }
  const code = node.compile();
  return (year, t) => code.evaluate({ year, t });
}

/** Evaluates a compiled expression to a finite number, or pushes an issue naming the year. */
export function evaluateAt(expr: CompiledExpression, source: string, year: number, t: number, path: string, issues: Issue[]): number | undefined {
  let value: unknown;
  try {
    value = expr(year, t);
  } catch (err) {
    issues.push({ path, message: `expression ${JSON.stringify(source)} fails at year ${year}: ${(err as Error).message}` });
    return undefined;
  }
  if (typeof value === 'boolean') value = value ? 1 : 0;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ path, message: `expression ${JSON.stringify(source)} must give a finite number, but gives ${String(value)} at year ${year}` });
    return undefined;
  }
  return value;
}
