// Timer callbacks that close over loop variables, and nested timers.
for (let i = 0; i < 3; i++) setTimeout(() => console.log('tick', i), 10 * (i + 1));
setTimeout(() => {
  console.log('outer');
  setTimeout(() => console.log('inner'), 5);
}, 50);
