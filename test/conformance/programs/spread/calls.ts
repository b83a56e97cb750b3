// Spread in calls: Math.max, a method call keeping `this`, and mixed with ordinary arguments.
const nums = [3, 9, 2];
console.log(Math.max(...nums), Math.min(0, ...nums));
const log = {
  prefix: '#',
  line(...parts: string[]): string { return `${this.prefix} ${parts.join(' ')}`; },
};
console.log(log.line(...['a', 'b'], 'c'));
function three(x: number, y: number, z: number): number { return x * 100 + y * 10 + z; }
const args: [number, number] = [1, 2];
console.log(three(...args, 3));
