// Computed keys in object literals: lowered (a syntax error on Espruino).
const field = 'status';
const n = 2;
const o = {
  id: 1,
  [field]: 'online',
  [`${field}At`]: 5,
  ['k' + n * 2]: 'four',
  get [field + 'Upper'](): string { return 'ONLINE'; },
  plain: true,
};
console.log(Object.keys(o).join(','));
console.log(o.status, o.statusAt, o.k4, o.statusUpper, o.plain);
const topics = ['push', 'receipt'];
const handlers: Record<string, () => string> = {};
for (const t of topics) Object.assign(handlers, { [t]: () => `on ${t}` });
console.log(handlers.push!(), handlers.receipt!());
