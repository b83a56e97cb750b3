// An error's message and its String() form.
const e = new Error('bad thing');
console.log(e.message, String(e), `${new TypeError('tt')}`);
const t = new TypeError('typed');
console.log(t.message, typeof t.message);
