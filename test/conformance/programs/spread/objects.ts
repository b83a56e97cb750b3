// Object spread: merging defaults with overrides, later properties winning, and copies being separate.
const defaults = { retries: 3, timeout: 1000, verbose: false };
const settings = { ...defaults, timeout: 50, name: 'x' };
console.log(JSON.stringify(settings));
const copy = { ...settings };
copy.retries = 0;
console.log(settings.retries, copy.retries);
const maybe = devsOrNot(false);
function devsOrNot(b: boolean): { a?: number } | undefined { return b ? { a: 1 } : undefined; }
console.log(JSON.stringify({ ...maybe, b: 1 }));
