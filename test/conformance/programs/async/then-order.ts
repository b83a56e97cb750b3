// Callbacks of promises run after the current code, in the order they were attached.
// The result is printed by a third callback, not a timer: a timer would race the first two on a busy machine.
const out: string[] = [];
const p = Promise.resolve('x');
p.then(() => out.push('a'));
p.then(() => out.push('b'));
p.then(() => console.log(out.join(',')));
out.push('sync');
