// Rest parameters collect the remaining arguments into a real array.
function sum(label: string, ...nums: number[]): string {
  return `${label}: ${nums.length} numbers, total ${nums.reduce((a, b) => a + b, 0)}`;
}
console.log(sum('none'));
console.log(sum('three', 1, 2, 3));
const joinAll = (sep: string, ...parts: string[]): string => parts.join(sep);
console.log(joinAll('-', 'a', 'b', 'c'), Array.isArray([].concat()));
