// setTimeout order by delay, clearTimeout, and setInterval stopped after three ticks.
// Created in the order they are due: Espruino runs timers that are due together (after a stall) in the
// order they were created, so '30ms' created first could print first on a busy machine.
setTimeout(() => console.log('10ms'), 10);
setTimeout(() => console.log('30ms'), 30);
const cancelled = setTimeout(() => console.log('never'), 20);
clearTimeout(cancelled);
let ticks = 0;
const iv = setInterval(() => {
  ticks++;
  if (ticks === 3) { clearInterval(iv); console.log('interval done', ticks); }
}, 15);
