// The facts of one Espruino board file (boards/<NAME>.py) that decide what its build contains: the
// libraries it turns on, its extra make lines, its chip family and peripheral counts, its named devices
// and its pins. The board files are Python data; the few literals needed are read without running Python.
import { SourceError, type SourceTree } from './source.ts';

export interface BoardFacts {
  name: string;
  family: string;
  libraries: string[];
  makefileLines: string[];
  counts: { usart: number; spi: number; i2c: number };
  /** Named devices (LED1, BTN1...) and the pin each is on. */
  devices: Record<string, string>;
  /** Pin names (D0, D1...). */
  pins: string[];
}

/** Drop Python comments: a # outside a string runs to the end of its line. */
export function stripPythonComments(text: string): string {
  return text.split('\n').map((line) => {
    let quote = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '#') return line.slice(0, i);
    }
    return line;
  }).join('\n');
}

function strings(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? '');
}

function listAfter(code: string, key: string, file: string): string[] {
  const m = new RegExp(`['"]${key}['"]\\s*:\\s*\\[([^\\]]*)\\]`).exec(code);
  if (!m) throw new SourceError(`${file}: no '${key}' list`);
  return strings(m[1]!);
}

function numberAfter(code: string, key: string): number {
  const m = new RegExp(`['"]${key}['"]\\s*:\\s*(\\d+)`).exec(code);
  return m ? Number(m[1]) : 0;
}

export function readBoard(tree: SourceTree, name: string): BoardFacts {
  const file = `boards/${name}.py`;
  const raw = tree.read(file);
  if (raw === undefined) throw new SourceError(`${file} is not in the Espruino tree at ${tree.ref}`);
  const code = stripPythonComments(raw);
  const family = /['"]family['"]\s*:\s*["']([^"']+)["']/.exec(code)?.[1];
  if (!family) throw new SourceError(`${file}: no chip family`);

  const devices: Record<string, string> = {};
  const devicesBlock = /^devices\s*=\s*\{([\s\S]*?)^\};?/m.exec(code)?.[1] ?? '';
  for (const m of devicesBlock.matchAll(/['"](\w+)['"]\s*:\s*\{[^}]*?['"]pin['"]\s*:\s*['"](\w+)['"]/g)) devices[m[1]!] = m[2]!;

  const pins: string[] = [];
  const getPins = /def get_pins\(\):([\s\S]*?)(?:\n(?=\S)|$)/.exec(code)?.[1] ?? '';
  for (const m of getPins.matchAll(/pinutils\.generate_pins\(\s*(\d+)\s*,\s*(\d+)\s*\)/g)) {
    for (let i = Number(m[1]); i <= Number(m[2]); i++) pins.push(`D${i}`);
  }
  return {
    name,
    family,
    libraries: listAfter(code, 'libraries', file),
    makefileLines: /['"]makefile['"]/.test(code) ? listAfter(code, 'makefile', file) : [],
    counts: { usart: numberAfter(code, 'usart'), spi: numberAfter(code, 'spi'), i2c: numberAfter(code, 'i2c') },
    devices,
    pins: [...new Set(pins)],
  };
}

/** The make declarations Espruino's build derives from a board file before it reads the Makefile's rules. */
export function boardMakeDeclarations(board: BoardFacts): string {
  return [
    `BOARD=${board.name}`,
    `DEFINES+= -D${board.name}`,
    ...(board.family !== 'LINUX' ? ['EMBEDDED=1'] : []),
    `FAMILY=${board.family}`,
    ...board.libraries.map((l) => `USE_${l}?=1`),
    ...board.makefileLines,
  ].join('\n');
}
