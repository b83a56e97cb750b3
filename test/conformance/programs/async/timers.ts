// setTimeout order by delay, clearTimeout, and setInterval stopped after three ticks.
setTimeout(() => console.log('30ms'), 30);
setTimeout(() => console.log('10ms'), 10);
const cancelled = setTimeout(() => console.log('never'), 20);
clearTimeout(cancelled);
let ticks = 0;
const iv = setInterval(() => {
  ticks++;
  if (ticks === 3) { clearInterval(iv); console.log('interval done', ticks); }
}, 15);
