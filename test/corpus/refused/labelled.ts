// refused 2:1 labelled statements
outer: for (const a of [1, 2]) {
  for (const b of [2, 3]) {
    if (a === b) break outer;
  }
}
