// What TypeScript's own ES2022 lib already declares. The firmware is compiled with that lib, and the
// compiler's refusals recognise a built-in by its lib declaration, so the standard globals keep theirs:
// the generator adds only the members Espruino has that the lib lacks.
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface LibFacts {
  /** Global values and types the lib declares. */
  globals: Set<string>;
  /** The interface that types each global value (`declare var Math: Math` gives Math -> Math). */
  valueTypes: Map<string, string>;
  /** Member names of each lib interface, over all its declarations. */
  members: Map<string, Set<string>>;
  /** Type parameters of generic lib interfaces, as written (`<T>`): a merged declaration must repeat them. */
  typeParams: Map<string, string>;
}

export function readLib(): LibFacts {
  const facts: LibFacts = { globals: new Set(), valueTypes: new Map(), members: new Map(), typeParams: new Map() };
  for (const sf of libFiles('es2022')) {
    for (const s of sf.statements) {
      if (ts.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations) {
          if (!ts.isIdentifier(d.name)) continue;
          facts.globals.add(d.name.text);
          if (d.type && ts.isTypeReferenceNode(d.type) && ts.isIdentifier(d.type.typeName)) facts.valueTypes.set(d.name.text, d.type.typeName.text);
        }
      } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isModuleDeclaration(s)) && s.name && ts.isIdentifier(s.name)) {
        facts.globals.add(s.name.text);
      } else if (ts.isInterfaceDeclaration(s)) {
        facts.globals.add(s.name.text);
        const set = facts.members.get(s.name.text) ?? new Set<string>();
        for (const m of s.members) if (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) set.add(m.name.text);
        facts.members.set(s.name.text, set);
        if (s.typeParameters) facts.typeParams.set(s.name.text, `<${s.typeParameters.map((p) => p.name.text).join(', ')}>`);
      }
    }
  }
  return facts;
}

/** A lib file and every lib file it references, each once. */
function libFiles(lib: string): ts.SourceFile[] {
  const dir = dirname(ts.getDefaultLibFilePath({}));
  const seen = new Set<string>();
  const out: ts.SourceFile[] = [];
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const file = `lib.${name}.d.ts`;
    const sf = ts.createSourceFile(file, readFileSync(join(dir, file), 'utf8'), ts.ScriptTarget.ES2022, false);
    out.push(sf);
    for (const ref of sf.libReferenceDirectives) visit(ref.fileName.toLowerCase());
  };
  visit(lib);
  return out;
}
