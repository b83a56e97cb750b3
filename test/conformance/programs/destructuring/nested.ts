// Deeply nested destructuring mixing arrays and objects, with defaults at several levels.
const msg = { topic: 'espkit/dev/push', body: { id: 'm1', parts: [{ t: 'hi' }, { t: 'there' }] } };
const { topic, body: { id, parts: [{ t: first }, { t: second = 'x' }, third = { t: 'none' }] } } = msg;
console.log(topic.split('/')[1], id, first, second, third.t);
