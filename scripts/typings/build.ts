// What Espruino's own build compiles for one board: the wrapper files (jswrap_*.c) that define the JavaScript
// API, and the defines its wrapper generator tests the JSON headers' conditions against. Both come from
// running the Makefile with the board's declarations, as Espruino's release build `make BOARD=<name> RELEASE=1`
// does.
import { boardMakeDeclarations, readBoard, type BoardFacts } from './board.ts';
import { runMakefile } from './make.ts';
import type { SourceTree } from './source.ts';

export interface BuildFacts {
  board: BoardFacts;
  wrapperSources: string[];
  /** Defines as Espruino's wrapper generator sees them: NAME, and NAME=VALUE (with NAME alone as well). */
  defines: string[];
}

export function readBuild(tree: SourceTree, boardName: string): BuildFacts {
  const board = readBoard(tree, boardName);
  const declarations = boardMakeDeclarations(board);
  const make = runMakefile(tree, 'Makefile', { BOARD: boardName, RELEASE: '1' }, (path) => (path.endsWith('CURRENT_BOARD.make') ? declarations : undefined));
  const wrapperSources = [...new Set(make.get('WRAPPERSOURCES').split(/\s+/).filter((f) => f.endsWith('.c')))];

  const defines: string[] = [];
  const addDefine = (d: string): void => {
    defines.push(d);
    if (d.includes('=')) defines.push(d.slice(0, d.indexOf('=')));
  };
  for (const token of make.get('DEFINES').split(/\s+/)) if (token.startsWith('-D')) addDefine(token.slice(2));
  // the wrapper generator adds the board's peripheral counts and reads the board's make lines once more
  defines.push(`ESPR_USART_COUNT=${board.counts.usart}`, `ESPR_SPI_COUNT=${board.counts.spi}`, `ESPR_I2C_COUNT=${board.counts.i2c}`);
  for (const line of board.makefileLines) {
    const m = /^\s*DEFINES\s*\+?=\s*(.*)$/.exec(line);
    if (m) for (const token of m[1]!.split(/\s+/)) if (token.startsWith('-D')) defines.push(token.slice(2));
  }
  return { board, wrapperSources, defines: [...new Set(defines)] };
}
