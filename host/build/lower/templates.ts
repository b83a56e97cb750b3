// Espruino finds the end of a `${...}` substitution by counting braces and then re-lexes the text it cut
// out (espruino/Espruino src/jslex.c jslLexString, src/jsparse.c jspeTemplateLiteral): a substitution that
// holds a string, a regex, a nested template, an object literal or a function body can be cut in the wrong
// place, and escapes inside it are decoded twice. Such templates become plain concatenation:
//   `a${f({x: "}"})}b`  ->  "a" + f({x: "}"}) + "b"
import ts from 'typescript';

const f = ts.factory;

export function lowerUnsafeTemplates(): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const visit = (node: ts.Node): ts.Node => {
      const n = ts.visitEachChild(node, visit, context);
      if (ts.isTemplateExpression(n) && (n.templateSpans.some((s) => isUnsafe(s.expression)) || hasBackslash(n))) {
        let out: ts.Expression = f.createStringLiteral(n.head.text);
        for (const span of n.templateSpans) {
          out = f.createAdd(out, span.expression);
          if (span.literal.text) out = f.createAdd(out, f.createStringLiteral(span.literal.text));
        }
        return f.createParenthesizedExpression(out);
      }
      return n;
    };
    return (sf) => ts.visitEachChild(sf, visit, context);
  };
}

/** True when the substitution's source text could contain braces, quotes, backslashes or backticks. */
export function isUnsafe(expr: ts.Node): boolean {
  let unsafe = false;
  const walk = (n: ts.Node): void => {
    if (unsafe) return;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n) || ts.isRegularExpressionLiteral(n)
      || ts.isObjectLiteralExpression(n) || ts.isBlock(n) || ts.isClassLike(n) || ts.isObjectBindingPattern(n)) unsafe = true;
    else ts.forEachChild(n, walk);
  };
  walk(expr);
  return unsafe;
}

/** Literal parts with escapes: Espruino decodes the whole template before splitting out substitutions. */
function hasBackslash(t: ts.TemplateExpression): boolean {
  const parts = [t.head.text, ...t.templateSpans.map((s) => s.literal.text)];
  return parts.some((p) => p.includes('${') || p.includes('\\'));
}
