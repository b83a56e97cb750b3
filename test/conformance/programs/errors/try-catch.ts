// throw and catch Error and TypeError; message and the checks firmware uses.
function risky(kind: number): void {
  if (kind === 1) throw new Error('plain');
  if (kind === 2) throw new TypeError('wrong type');
  throw 'a string';
}
for (let k = 1; k <= 3; k++) {
  try { risky(k); } catch (e) {
    console.log(typeof e, e instanceof Object ? (e as Error).message : e);
  }
}
