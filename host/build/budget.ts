// What the size budget measures. The budget stands for what a board can hold of the firmware as it is
// normally built, minified. A --no-minify build is for reading: its names and layout make it about twice as
// large as what a normal build deploys, so it is measured by the size its code has once minified, and a
// firmware that fits is not refused just for being readable.
import { minifyForEspruino } from './minify.ts';

/** The bytes the budget is checked against: the code itself, or its minified form for a readable build. */
export async function budgetedBytes(code: string, minified: boolean): Promise<number> {
  if (minified) return Buffer.byteLength(code, 'utf8');
  return Buffer.byteLength(`${(await minifyForEspruino(code)).trimEnd()}\n`, 'utf8');
}
