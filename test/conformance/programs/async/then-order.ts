// Callbacks of promises run after the current code, in the order they were attached.
const out: string[] = [];
const p = Promise.resolve('x');
p.then(() => out.push('a'));
p.then(() => out.push('b'));
out.push('sync');
setTimeout(() => console.log(out.join(',')), 20);
