// refused 3:3 #private names
class Vault {
  #secret = 1;
  open(): number { return this.#secret; }
}
console.log(new Vault().open());
