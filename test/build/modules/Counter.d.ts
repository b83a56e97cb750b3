// Typings of Counter.js, as a user writes them beside a module.
export function next(): number;
export function label(n: number): string;
