// Shorthand properties and methods.
const name = 'dev';
const port = 1883;
const o = { name, port, describe() { return `${this.name}:${this.port}`; } };
console.log(o.describe(), JSON.stringify(o));
