// The Espruino facts, in one place: what exists on each built-in (builtins.ts), how the lexer reads words
// and regex literals (lexer.ts), what the regex engine supports (regex.ts) and where results differ from
// Node (differences.ts). The compiler, its output check and the virtual board read them from here; the
// facts probe (probe.ts) checks them against the real interpreter. docs/espruino.md explains them.
export * from './builtins.ts';
export * from './lexer.ts';
export * from './regex.ts';
export * from './differences.ts';
