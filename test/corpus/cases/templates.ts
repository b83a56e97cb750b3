// Template literals work on Espruino, but it cuts `${...}` at the first unbalanced brace: such
// substitutions are compiled to concatenation.
const user = { name: 'ada', roles: ['admin', 'dev'] };
console.log(`user ${user.name} has ${user.roles.length} roles`);
console.log(`json: ${JSON.stringify({ a: '}' })} end`);
console.log(`nested ${`inner ${user.name}`} done`);
console.log(`${user.roles.map((r) => { return r.toUpperCase(); }).join('/')}`);
console.log(`tab\there, brace } and dollar $ sign`);
const n = 3;
console.log(`${n}${n}`, `${n + n}`);
