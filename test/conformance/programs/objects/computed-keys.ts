// Computed property names in object literals, from variables and expressions.
const field = 'temp';
const i = 2;
const o = { [field]: 21, [`${field}Max`]: 30, ['k' + i]: true };
console.log(JSON.stringify(o));
const methods = { [`get${'Name'}`]() { return 'n'; } };
console.log(methods.getName());
