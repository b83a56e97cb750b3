// The JSON headers (/*JSON{ ... }*/) of Espruino's wrapper files, and the rules that drop the ones a build
// does not include: "ifdef" (needs the define), "ifndef" (needs it absent), "#if" (condition.ts),
// "generate": false, and "patch" headers that change an item declared earlier.
import { evaluateCondition } from './condition.ts';
import type { SourceTree } from './source.ts';

/** A parameter: [name, Espruino type, description]. */
export type HeaderParam = [string, string, string?];

export interface JsonHeader {
  type: string;
  name?: string;
  class?: string;
  instanceof?: string;
  params?: HeaderParam[];
  return?: [string, string?];
  ifdef?: string;
  ifndef?: string;
  '#if'?: string;
  generate?: string | boolean;
  patch?: boolean;
  typescript?: string | string[];
  /** Where it was read (path:line), for messages. */
  at: string;
  [key: string]: unknown;
}

export function readHeaders(tree: SourceTree, file: string): JsonHeader[] {
  const code = tree.read(file);
  if (code === undefined) throw new Error(`${file} is listed by the Makefile but is not in the tree`);
  const out: JsonHeader[] = [];
  for (const m of code.matchAll(/\/\*JSON([\s\S]*?)\*\//g)) {
    const body = m[1]!;
    const end = body.indexOf('\n}') + 2;
    const line = 1 + code.slice(0, m.index).split('\n').length - 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.slice(0, end));
    } catch (e) {
      throw new Error(`${file}:${line}: bad JSON header: ${(e as Error).message}`);
    }
    out.push({ ...(parsed as Omit<JsonHeader, 'at'>), at: `${file}:${line}` } as JsonHeader);
  }
  return out;
}

export function isIncluded(h: JsonHeader, defines: readonly string[]): boolean {
  if (h.generate === false) return false;
  if (h.ifndef !== undefined && defines.includes(h.ifndef)) return false;
  if (h.ifdef !== undefined && !defines.includes(h.ifdef)) return false;
  if (h['#if'] !== undefined && !evaluateCondition(h['#if'], defines)) return false;
  return true;
}

/** Every header the build includes, in the order the wrapper files list them, with patches applied. */
export function includedHeaders(tree: SourceTree, files: readonly string[], defines: readonly string[]): JsonHeader[] {
  const out: JsonHeader[] = [];
  for (const file of files) {
    for (const h of readHeaders(tree, file)) {
      if (!isIncluded(h, defines)) continue;
      if (h.patch) {
        const target = out.find((t) => t.type === h.type && t.class === h.class && t.name === h.name);
        if (target) for (const [k, v] of Object.entries(h)) if (!['type', 'class', 'name', 'patch', 'at'].includes(k)) target[k] = v;
        continue;
      }
      out.push(h);
    }
  }
  return out;
}
