/**
 * Parameter expressions: mathjs expressions of `year` and `t` (years since baseYear), parsed and
 * checked against an allowlist once, compiled once, and evaluated for each year of the grid before
 * any trial runs. An expression can only do arithmetic: no assignment, function definition,
 * property access, matrices, units, strings, import, evaluate or parse.
 */
import { create, all, type MathNode } from 'mathjs/number';
import type { Issue } from './errors.ts';

const math = create(all);

/** Variables an expression may use. */
export const EXPRESSION_SYMBOLS = ['year', 't', 'pi', 'e'] as const;

/** Functions an expression may call. */
export const EXPRESSION_FUNCTIONS = [
  'abs', 'exp', 'log', 'log10', 'log2', 'log1p', 'expm1', 'sqrt', 'cbrt', 'pow', 'min', 'max', 'floor', 'ceil', 'round',
  'sign', 'mod', 'sin', 'cos', 'tan', 'tanh', 'atan', 'hypot',
] as const;

const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus', 'mod',
  'larger', 'smaller', 'largerEq', 'smallerEq', 'equal', 'unequal', 'and', 'or', 'not',
]);
const SYMBOLS = new Set<string>(EXPRESSION_SYMBOLS);
const FUNCTIONS = new Set<string>(EXPRESSION_FUNCTIONS);

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
      problems.push(`${node.type.replace(/Node$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}s are not allowed (only arithmetic of year and t)`);
  }
}

/** Parses and checks `source`; on success returns the compiled expression, else pushes issues at `path`. */
export function compileExpression(source: string, path: string, issues: Issue[]): CompiledExpression | undefined {
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
