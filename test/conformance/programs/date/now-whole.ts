// Whole milliseconds, as the firmware sends them: Math.floor(Date.now()) is an integer on both engines.
const t = Math.floor(Date.now());
console.log(t === Math.floor(t), t > 1600000000000, String(t).indexOf('.'));
