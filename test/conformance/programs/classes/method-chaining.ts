// Methods returning `this` for a fluent builder, and a subclass that keeps chaining.
class Query {
  protected parts: string[] = [];
  where(c: string): this { this.parts.push(`where ${c}`); return this; }
  limit(n: number): this { this.parts.push(`limit ${n}`); return this; }
  build(): string { return this.parts.join(' '); }
}
class SortedQuery extends Query {
  orderBy(f: string): this { this.parts.push(`order by ${f}`); return this; }
}
console.log(new Query().where('a=1').limit(5).build());
console.log(new SortedQuery().where('b>2').orderBy('b').limit(1).build());
