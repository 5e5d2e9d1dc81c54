export interface DecodeOptions {
  /**
   * Field names (as written in the header, `created_at` or `owner.since`)
   * whose values are ISO-8601 dates to return as `Date`. Without this a date
   * decodes as the string it was written as.
   */
  readonly dateFields?: readonly string[];
}
