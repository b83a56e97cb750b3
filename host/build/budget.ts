// What the size budget measures. The budget stands for what a board can hold of the firmware as it is
// normally built, minified. A --no-minify build is for reading: its names and layout make it about twice as
// large as what a normal build deploys, so it is measured by what the same sources give when built minified
// (index.ts builds them that way too), and a firmware that fits is not refused just for being readable.

/** What one part of the output costs: the firmware's own code, or a library module with what needs it. */
export interface PartCost {
  /** "firmware", or the module's name. */
  name: string;
  bytes: number;
  /** JsVars it is estimated to take once loaded (docs/budget.md). */
  variables: number;
  /** For a module: where it came from and which parts require it. */
  module?: { from: 'local' | 'cache' | 'online'; where: string; requiredBy: string[]; requires: string[] };
}

export interface BuildCost {
  /** The firmware's own code first, then each bundled module in the order the board adds them. */
  parts: PartCost[];
  /** The estimated JsVars of all parts, and how many the board's Espruino build has. */
  variables: number;
  boardVariables: number;
}

/** JsVars that `bytes` of code are estimated to take on a board loading `codeBytesPerVariable` per JsVar. */
export function estimatedVariables(bytes: number, codeBytesPerVariable: number): number {
  return Math.ceil(bytes / codeBytesPerVariable);
}
