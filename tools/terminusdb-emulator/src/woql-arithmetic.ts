import { apiErrors } from './api-errors.js';
import type { ValueExpr } from './woql-ast.js';
import { type Bindings, boundValue } from './woql-bindings.js';
import { literal, type Term } from './woql-terms.js';
import { numericFamily } from './xsd-types.js';

/** An `Eval` expression: a value, or an arithmetic node over expressions. */
export type ArithExpr =
  | { readonly op: 'value'; readonly value: ValueExpr }
  | {
      readonly op: 'Plus' | 'Minus' | 'Times' | 'Divide' | 'Div' | 'Exp';
      readonly left: ArithExpr;
      readonly right: ArithExpr;
    }
  | { readonly op: 'Floor'; readonly argument: ArithExpr };

export const BINARY_ARITHMETIC = new Set(['Plus', 'Minus', 'Times', 'Divide', 'Div', 'Exp']);

/** Variables an expression reads (all must be bound before Eval runs). */
export function arithVariables(expr: ArithExpr): ValueExpr[] {
  if (expr.op === 'value') return [expr.value];
  if (expr.op === 'Floor') return arithVariables(expr.argument);
  return [...arithVariables(expr.left), ...arithVariables(expr.right)];
}

interface Number_ {
  readonly value: number;
  /** Double arithmetic once any operand is an xsd:double/float; rational (decimal) otherwise. */
  readonly ieee: boolean;
}

/**
 * Evaluates an expression as the server's `is/2` does: integers and decimals stay rational and
 * bind an `xsd:decimal`; any double or float operand makes the result an `xsd:double`. `Div` is
 * integer division (rounding down), `Divide` exact division, `Exp` a power, `Floor` rounds down.
 */
export function evaluateArithmetic(expr: ArithExpr, bindings: Bindings): Term {
  const result = evaluate(expr, bindings);
  if (!Number.isFinite(result.value)) {
    throw apiErrors.notSupportedByEmulator(`arithmetic that leaves the finite numbers (${result.value})`);
  }
  return literal(result.ieee ? 'xsd:double' : 'xsd:decimal', result.value);
}

function evaluate(expr: ArithExpr, bindings: Bindings): Number_ {
  switch (expr.op) {
    case 'value':
      return numberOf(boundValue(expr.value, bindings));
    case 'Floor': {
      const argument = evaluate(expr.argument, bindings);
      return { value: Math.floor(argument.value), ieee: argument.ieee };
    }
    default: {
      const left = evaluate(expr.left, bindings);
      const right = evaluate(expr.right, bindings);
      const ieee = left.ieee || right.ieee;
      if ((expr.op === 'Divide' || expr.op === 'Div') && right.value === 0) {
        throw apiErrors.notSupportedByEmulator('division by zero (the server raises an arithmetic error)');
      }
      const value =
        expr.op === 'Plus'
          ? left.value + right.value
          : expr.op === 'Minus'
            ? left.value - right.value
            : expr.op === 'Times'
              ? left.value * right.value
              : expr.op === 'Divide'
                ? left.value / right.value
                : expr.op === 'Div'
                  ? Math.floor(left.value / right.value)
                  : left.value ** right.value;
      return { value, ieee };
    }
  }
}

function numberOf(term: Term | undefined): Number_ {
  if (term?.kind === 'literal') {
    const family = numericFamily(term.type);
    if (family !== undefined) return { value: Number(term.value), ieee: family === 'ieee' };
  }
  if (term?.kind === 'json' && typeof term.value === 'number') return { value: term.value, ieee: false };
  throw apiErrors.badCast(JSON.stringify(term?.kind === 'literal' ? term.value : null), 'xsd:decimal');
}
