// A text column with Wireshark's fence semantics: text before the fence belongs to a lower layer and
// survives the upper layer's set/clear (what col_set_fence / col_prepend_fence_fstr do).

/** Wireshark keeps at most COL_MAX_INFO_LEN - 1 characters in a column. */
const COL_MAX_LEN = 4095;

export class Column {
  text = '';
  fence = 0;
  writable = true;

  reset(): void { this.text = ''; this.fence = 0; this.writable = true; }
  /** col_add_str / col_set_str: replace what follows the fence. */
  set(s: string): void { if (this.writable) this.text = this.fence ? this.text.slice(0, this.fence) + s : s; }
  /** col_clear */
  clear(): void { if (this.writable) this.text = this.fence ? this.text.slice(0, this.fence) : ''; }
  /** col_append_str */
  append(s: string): void {
    if (!this.writable) return;
    this.text += s;
    if (this.text.length > COL_MAX_LEN) this.text = this.text.slice(0, COL_MAX_LEN);
  }
  /** col_append_sep_str: separator only when the column already has text. */
  appendSep(sep: string, s: string): void {
    if (!this.writable) return;
    if (this.text.length) this.text += sep;
    this.text += s;
  }
  /** col_prepend_fstr: prepend without touching the fence's meaning. */
  prepend(s: string): void {
    if (!this.writable) return;
    this.text = s + this.text;
    if (this.fence) this.fence += s.length;
  }
  /** col_prepend_fence_fstr */
  prependFence(s: string): void {
    if (!this.writable) return;
    this.text = s + this.text;
    this.fence = this.fence ? this.fence + s.length : s.length;
  }
  /** col_set_fence */
  setFence(): void { if (this.writable) this.fence = this.text.length; }
  /** col_clear_fence */
  clearFence(): void { if (this.writable) this.fence = 0; }
}
