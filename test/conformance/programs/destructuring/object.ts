// Object destructuring: renaming, defaults, nested objects and the rest of the properties.
const config: { host: string; port: number; user?: string; tls: { on: boolean; ca: string }; extra: number; more: number } = { host: 'broker.local', port: 1883, tls: { on: false, ca: 'none' }, extra: 1, more: 2 };
const { host, port: p, user = 'guest', tls: { on } } = config;
console.log(host, p, user, on);
const { host: _h, port: _p, tls: _t, ...rest } = config;
console.log(JSON.stringify(rest));
