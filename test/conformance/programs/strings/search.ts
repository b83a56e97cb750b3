// startsWith, endsWith, includes, with positions.
const topic = 'espkit/esp32-abc123/push';
console.log(topic.startsWith('espkit/'), topic.startsWith('esp32', 7), topic.endsWith('/push'), topic.endsWith('esp', 3));
console.log(topic.includes('abc'), topic.includes('xyz'), topic.includes('espkit', 1));
