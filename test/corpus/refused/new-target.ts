// refused 3:15 new.target
function Made(this: unknown): void {
  console.log(new.target === undefined);
}
Made.call({});
