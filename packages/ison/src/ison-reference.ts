/**
 * A reference to another record, written bare as `:id` or `:type:id`
 * (`:7`, `:user:101`, `:MEMBER_OF:7`). Decoding turns such tokens into this
 * class so they never collide with strings or nested objects.
 */
export class IsonReference {
  readonly id: string;
  readonly type?: string;

  constructor(id: string, type?: string) {
    this.id = id;
    if (type !== undefined) this.type = type;
  }

  /** The ISON spelling: `:id` or `:type:id`. */
  toString(): string {
    return this.type === undefined ? `:${this.id}` : `:${this.type}:${this.id}`;
  }
}
