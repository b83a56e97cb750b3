// A JSON header's "#if" condition, evaluated the way Espruino's wrapper generator does: defined(X) is true
// for a define it was given, NAME is replaced by VALUE for NAME=VALUE defines, and the rest is C's
// !, &&, ||, comparisons, arithmetic and parentheses over numbers. A name left without a value makes the
// generator keep the item (it cannot tell), and so does this.

export function evaluateCondition(expr: string, defines: readonly string[]): boolean {
  const names = new Set<string>();
  const values = new Map<string, string>();
  for (const d of defines) {
    const eq = d.indexOf('=');
    if (eq < 0) names.add(d);
    else { names.add(d.slice(0, eq)); values.set(d.slice(0, eq), d.slice(eq + 1)); }
  }
  const tokens = tokenize(expr.replace(/defined\s*\(\s*(\w+)\s*\)/g, (_, n: string) => (names.has(n) ? '1' : '0')), values);
  if (tokens === undefined) return true;
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const next = (): string => tokens[pos++] ?? '';

  // operators by precedence, loosest first
  const binary: string[][] = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%']];
  const apply = (op: string, a: number, b: number): number => {
    switch (op) {
      case '||': return a || b ? 1 : 0;
      case '&&': return a && b ? 1 : 0;
      case '==': return a === b ? 1 : 0;
      case '!=': return a !== b ? 1 : 0;
      case '<': return a < b ? 1 : 0;
      case '<=': return a <= b ? 1 : 0;
      case '>': return a > b ? 1 : 0;
      case '>=': return a >= b ? 1 : 0;
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/': return b === 0 ? 0 : Math.trunc(a / b);
      default: return b === 0 ? 0 : a % b;
    }
  };
  const level = (i: number): number => {
    if (i === binary.length) return unary();
    let left = level(i + 1);
    while (binary[i]!.includes(peek() ?? '')) {
      const op = next();
      left = apply(op, left, level(i + 1));
    }
    return left;
  };
  const unary = (): number => {
    const t = next();
    if (t === '!') return unary() ? 0 : 1;
    if (t === '-') return -unary();
    if (t === '(') {
      const v = level(0);
      next();
      return v;
    }
    return Number(t);
  };
  const result = level(0);
  return pos === tokens.length && !Number.isNaN(result) ? result !== 0 : true;
}

/** Tokens with every name replaced by its value; undefined when a name has none. */
function tokenize(expr: string, values: ReadonlyMap<string, string>): string[] | undefined {
  const out: string[] = [];
  const re = /\s*(\d+|[A-Za-z_]\w*|\|\||&&|==|!=|<=|>=|[!<>()+\-*/%])/y;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(expr)) !== null) {
    last = re.lastIndex;
    const t = m[1]!;
    if (/^[A-Za-z_]/.test(t)) {
      const v = values.get(t);
      if (v === undefined || !/^\d+$/.test(v)) return undefined;
      out.push(v);
    } else out.push(t);
  }
  return expr.slice(last).trim() === '' ? out : undefined;
}
