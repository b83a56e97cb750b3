// Espruino's parameter and return types (the JSON headers' C-side names) as TypeScript types.
import ts from 'typescript';
import type { HeaderParam } from './headers.ts';

// object types that are generic in TypeScript's lib, as a header's "return_object" names them
// object types that TypeScript writes otherwise, as a header's "return_object" names them: generic ones,
// and the wrappers of primitive values
const RETURN_OBJECTS: Readonly<Record<string, string>> = { Array: 'any[]', Promise: 'Promise<any>', String: 'string', Number: 'number', Boolean: 'boolean' };

/** The type of a value the wrapper passes to JavaScript or takes from it. */
export function tsType(espruinoType: string, returnObject?: string): string {
  switch (espruinoType) {
    case 'int': case 'int32': case 'float': return 'number';
    case 'bool': return 'boolean';
    case 'pin': return 'Pin';
    case 'JsVar': return returnObject === undefined ? 'any' : RETURN_OBJECTS[returnObject] ?? returnObject;
    default: return 'any';
  }
}

/** A parameter accepts both a Pin and a pin number; a JsVarArray collects the rest of the arguments. */
export function tsParams(params: readonly HeaderParam[] | undefined): string {
  const out: string[] = [];
  let optional = false;
  for (const [rawName, type, description] of params ?? []) {
    const name = safeName(rawName);
    if (type === 'JsVarArray') { out.push(`...${name}: any[]`); break; }
    // Espruino marks an argument that may be left out in its description, and reads a missing bool as false;
    // the arguments after one that may be left out may be too
    optional ||= type === 'bool' || /\[optional\]|\(optional\)|^\s*optional\b/i.test(description ?? '');
    // a function-valued argument gets a function type, so that an arrow function's parameters are typed
    const t = type === 'pin' ? 'Pin | number' : type === 'JsVar' && CALLBACK_NAMES.test(rawName) ? '(...args: any[]) => any' : tsType(type);
    out.push(`${name}${optional ? '?' : ''}: ${t}`);
  }
  return out.join(', ');
}

const CALLBACK_NAMES = /^(callback|func|function|fn|handler|listener|onComplete)$/i;

const RESERVED = new Set(['function', 'var', 'new', 'class', 'default', 'delete', 'in', 'this', 'arguments', 'eval', 'package', 'interface', 'private', 'public', 'static', 'enum', 'export', 'import', 'return', 'switch', 'case', 'do', 'if', 'else', 'for', 'while', 'with', 'yield', 'let', 'const', 'void', 'typeof', 'instanceof', 'try', 'catch', 'finally', 'throw', 'break', 'continue', 'super', 'extends', 'null', 'true', 'false', 'debugger']);

export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_$]/g, '_');
  if (cleaned === 'function') return 'fn';
  return RESERVED.has(cleaned) ? `${cleaned}_` : cleaned;
}

/** A member name as written in an interface: quoted when it is not an identifier. */
export function memberName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** In a "typescript" shape, a parameter typed Pin also takes a pin number, as every Espruino pin argument does. */
export function pinParamsTakeNumbers(shape: string): string {
  return shape.replace(/(\w\??: )Pin(?=\s*[,)])/g, '$1Pin | number');
}

/**
 * Make a "typescript" shape take what the C side takes: where the header's parameter is a number or any
 * value (int, float, JsVar) and the shape says only boolean, a number is accepted too: Espruino reads it
 * as a truth value, and digitalWrite(pin, 1) is how it is used.
 */
export function widenToCTypes(shape: string, params: readonly HeaderParam[] | undefined): string {
  if (!params || params.length === 0) return shape;
  const sf = ts.createSourceFile('shape.ts', `interface X { ${shape} }`, ts.ScriptTarget.ES2022, true);
  const iface = sf.statements[0];
  const sig = iface && ts.isInterfaceDeclaration(iface) ? iface.members[0] : undefined;
  if (!sig || !(ts.isMethodSignature(sig) || ts.isConstructSignatureDeclaration(sig) || ts.isCallSignatureDeclaration(sig))) return shape;
  const offset = 'interface X { '.length;
  const edits: Array<[number, number, string]> = [];
  sig.parameters.forEach((p, i) => {
    const cType = params[i]?.[1];
    if (p.type && p.type.kind === ts.SyntaxKind.BooleanKeyword && (cType === 'int' || cType === 'int32' || cType === 'float' || cType === 'JsVar')) {
      edits.push([p.type.getStart(sf) - offset, p.type.getEnd() - offset, 'boolean | number']);
    }
  });
  let out = shape;
  for (const [start, end, text] of edits.reverse()) out = out.slice(0, start) + text + out.slice(end);
  return out;
}
