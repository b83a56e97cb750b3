// Destructured parameters with defaults, in functions and arrow callbacks.
interface Opts { width?: number; height?: number; title?: string }
function box({ width = 10, height = 5, title = 'box' }: Opts = {}): string {
  return `${title} ${width}x${height}`;
}
console.log(box());
console.log(box({ width: 3 }));
console.log(box({ title: 'win', height: 1 }));
const pairs: Array<[string, number]> = [['a', 1], ['b', 2]];
console.log(pairs.map(([k, v]) => `${k}=${v * 10}`).join('&'));
